import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import type { ContainerEngine, ImageProgress } from './engine/engine';

/** Where the bundled Dockerfile lives: beside the bundle in a package, in the repo when run from source. */
export function findImageContext(candidates: readonly string[] = [join(__dirname, 'sandbox-image'), join(__dirname, '..', '..', 'sandbox-image'), join(__dirname, '..', 'sandbox-image')]): string {
  const found = candidates.find((dir) => existsSync(join(dir, 'Dockerfile')));
  if (!found) throw new SandboxError(`the bundled sandbox Dockerfile is missing (looked in ${candidates.join(', ')})`, { hint: 'reinstall Clawdock, or set `clawdock.sandbox.image`' });
  return found;
}

/** The bundled image's tag: a hash of its Dockerfile, so an edit builds a new image and an unchanged one is reused. */
export function bundledImageTag(contextDir: string): string {
  const dockerfile = readFileSync(join(contextDir, 'Dockerfile'));
  return `clawdock-sandbox:${sha256Hex(dockerfile).slice(0, 12)}`;
}

/** Makes sure the image to run exists and returns its id: builds the bundled one, or pulls a named one when missing. */
export async function ensureImage(engine: ContainerEngine, image: string, onProgress: (p: ImageProgress) => void, contextDir?: string): Promise<{ ref: string; id: string }> {
  if (image === '') {
    const dir = contextDir ?? findImageContext();
    const ref = bundledImageTag(dir);
    const existing = await engine.imageId(ref);
    if (existing) return { ref, id: existing };
    onProgress({ message: `Building the sandbox image ${ref} (first use; about a minute)` });
    const id = await engine.buildImage(dir, ['Dockerfile'], ref, onProgress);
    return { ref, id };
  }
  const existing = await engine.imageId(image);
  if (existing) return { ref: image, id: existing };
  onProgress({ message: `Pulling ${image}` });
  try {
    await engine.pullImage(image, onProgress);
  } catch (err) {
    throw new SandboxError(`the image ${image} is not present and could not be pulled`, { cause: err, hint: 'check `clawdock.sandbox.image`, or build/load the image locally' });
  }
  const id = await engine.imageId(image);
  if (!id) throw new SandboxError(`pulled ${image} but the engine does not list it`);
  return { ref: image, id };
}
