// How the sandbox comes to trust its own CA (issue 16): a small root-owned
// tmpfs the sandbox's plan mounts (its root filesystem is read-only), filled
// as root right after the container starts with the CA alone and with the
// image's CA bundle plus the CA, and the variables common tools read to find
// them. Commands run as the workspace owner: they can read these files, not
// change them, so no command can change what a later one trusts.

/** Where the CA and the combined bundle sit inside the sandbox. */
export const SANDBOX_TRUST_DIR = '/etc/clawdock-ca';
/** The tmpfs options of that folder: root's, readable by all, nothing executable. */
export const SANDBOX_TRUST_TMPFS = 'rw,nosuid,nodev,noexec,size=2097152,mode=0755';

const CA_FILE = `${SANDBOX_TRUST_DIR}/ca.pem`;
const BUNDLE_FILE = `${SANDBOX_TRUST_DIR}/bundle.pem`;

/**
 * The variables that point tools at the sandbox's trust: Node adds the CA to
 * its own roots; everything else takes a whole bundle (the image's roots and
 * the CA), so other hosts still verify as before.
 */
export function sandboxTrustEnv(): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: CA_FILE,
    SSL_CERT_FILE: BUNDLE_FILE,
    REQUESTS_CA_BUNDLE: BUNDLE_FILE,
    CURL_CA_BUNDLE: BUNDLE_FILE,
    GIT_SSL_CAINFO: BUNDLE_FILE,
    npm_config_cafile: BUNDLE_FILE,
    PIP_CERT: BUNDLE_FILE,
    CARGO_HTTP_CAINFO: BUNDLE_FILE,
    AWS_CA_BUNDLE: BUNDLE_FILE,
    DENO_CERT: CA_FILE,
  };
}

/** The image's own bundle, wherever its distribution keeps it. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/ssl/cert.pem'];

const INSTALL = [
  'set -e',
  `d=${SANDBOX_TRUST_DIR}`,
  'umask 022',
  'printf "%s\\n" "$CLAWDOCK_CA" > "$d/.ca"',
  `: > "$d/.bundle"`,
  `for f in ${SYSTEM_BUNDLES.join(' ')}; do if [ -r "$f" ]; then cat "$f" >> "$d/.bundle"; echo >> "$d/.bundle"; break; fi; done`,
  'cat "$d/.ca" >> "$d/.bundle"',
  'chmod 0444 "$d/.ca" "$d/.bundle"',
  'mv -f "$d/.ca" "$d/ca.pem"',
  'mv -f "$d/.bundle" "$d/bundle.pem"',
].join('\n');

/** The command (run as root in the sandbox, through the engine) that writes the CA and the bundle. The certificate is public; no key is involved. */
export function trustInstallCommand(caCertificate: string): { readonly argv: string[]; readonly env: string[] } {
  return { argv: ['/bin/sh', '-c', INSTALL], env: [`CLAWDOCK_CA=${caCertificate.trim()}`] };
}
