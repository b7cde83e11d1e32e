import type { SecretMatch } from './redaction-rule';

/** How many letters and digits of a known value (or of one of its encodings) in a row are a match. */
export const WINDOW = 12;
/**
 * The scan looks at the last 9 letters and digits at every place (they fit
 * two integers); any 12 in a row of a form end with 9 that the filter knows,
 * and only there is the 12-character window checked. The filter's answer is
 * recorded without a branch, which keeps the loop fast.
 */
const ANCHOR = 9;
/** Places recorded per pass before the scan falls back to checking as it goes. */
const CANDIDATES = 4096;

/**
 * What the window match sees of a byte: digits as 1–10, letters in either
 * case as 11–36, anything else (white space, punctuation, separators) 0 and
 * skipped — so `a b c`, `a-b-c`, `a, b, c` and `A:B:C` read as `abc`. Six
 * bits each: the last 9 fit exactly in two integers (5 + 4).
 */
const SEEN = (() => {
  // Every UTF-16 code unit has an entry, so the scan needs no range check.
  const table = new Uint8Array(65536);
  for (let c = 48; c <= 57; c++) table[c] = c - 47;
  for (let c = 97; c <= 122; c++) table[c] = c - 86;
  for (let c = 65; c <= 90; c++) table[c] = c - 54;
  return table;
})();

/** The letter or digit a 6-bit code stands for (0: none yet). */
function charOf(v: number): string {
  return v === 0 ? '\0' : String.fromCharCode(v <= 10 ? v + 47 : v + 86);
}

/** Two integers of an anchor as one exact number. */
function anchorKey(a1: number, a2: number): number {
  return a2 * 0x40000000 + a1;
}

/** An anchor (the last 9 letters and digits) as two integers: the newest 5 in `a1`, the 4 before in `a2`. */
function anchorOf(text: string): [number, number] {
  let a1 = 0;
  let a2 = 0;
  for (let i = 0; i < text.length; i++) {
    a2 = ((a2 << 6) | (a1 >>> 24)) & 0xffffff;
    a1 = ((a1 << 6) | SEEN[text.charCodeAt(i)]!) & 0x3fffffff;
  }
  return [a1, a2];
}

/** The forms a value is indexed in (each then read as the window match reads text: letters and digits, lower case). */
export function windowForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>([value, [...value].reverse().join(''), bytes.toString('hex'), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  // base64 and base64url at each of the three alignments the value can start at in a longer stream:
  // the characters that depend only on the value's own bytes.
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    const head = shift === 0 ? 0 : Math.ceil((shift * 4) / 3);
    const whole = Math.floor(((shift + bytes.length) * 4) / 3);
    const core = b64.slice(head, whole);
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    forms.add([...core].reverse().join(''));
  }
  return [...forms];
}

/** How many characters of a text the window match sees (its letters and digits). */
export function seenLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (SEEN[text.charCodeAt(i)]! !== 0) n++;
  return n;
}

/** The characters the window match sees, in order, as text (see SEEN). */
function seen(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const v = SEEN[text.charCodeAt(i)]!;
    if (v !== 0) out += charOf(v);
  }
  return out;
}

/**
 * Finds any 12 letters and digits in a row of a known value or of its common
 * re-encodings (reversed, hex, base64 and base64url at each alignment,
 * URL- and JSON-escaped), in any letter case, whatever is between them
 * (white space, punctuation, separators): what a command that holds a secret
 * prints when it tries to get it past the exact match (issue 16: `rev`,
 * `xxd`, `sed 's/./& /g'`, two `cut` halves).
 *
 * One pass over the text keeps its last 9 letters and digits as two
 * integers; a bit filter of every 9 in a row of the forms rules out almost
 * every place at once, and only where it does not are the 9 compared exactly
 * and then the 12 (see `check`). At about 400 MB/s raw this is the
 * redactor's one extra pass for every known value. Matches are masked whole,
 * showing nothing. Values with fewer than 12 letters and digits are left to
 * the exact match.
 */
export class SecretWindows {
  private windows = new Set<string>();
  /** Each anchor as one exact number (its two integers side by side: 54 bits). */
  private anchors = new Set<number>();
  private filter = new Uint8Array(1);
  private mask = 0;

  get size(): number {
    return this.windows.size;
  }

  /** Indexes the windows of these values (all of them, replacing what was there). */
  rebuild(values: Iterable<string>): void {
    this.windows = new Set();
    this.anchors = new Set();
    for (const value of values) {
      for (const form of windowForms(value)) {
        const c = seen(form);
        for (let i = 0; i + WINDOW <= c.length; i++) this.windows.add(c.slice(i, i + WINDOW));
        for (let i = 0; i + ANCHOR <= c.length; i++) this.anchors.add(anchorKey(...anchorOf(c.slice(i, i + ANCHOR))));
      }
    }
    // About a thousand bits per anchor, so the filter answers "no" almost always and stays small enough to sit in a fast cache.
    let bits = 1 << 15;
    while (bits < this.anchors.size * 1024 && bits < 1 << 23) bits <<= 1;
    this.filter = new Uint8Array(bits >>> 3);
    this.mask = bits - 1;
    for (const key of this.anchors) {
      const a1 = key % 0x40000000;
      const a2 = Math.floor(key / 0x40000000);
      const slot = (a1 ^ (a2 << 5) ^ (a2 >>> 13)) & this.mask;
      this.filter[slot >>> 3]! |= 1 << (slot & 7);
    }
  }

  /**
   * Pushes every window found in `text` (as ranges of `text`) onto `out`.
   * `context` is text that came just before (a stream's last emitted
   * characters): a window that began there is masked from where `text` begins.
   */
  find(text: string, out: SecretMatch[], context = ''): void {
    if (this.windows.size === 0) return;
    const offset = context.length;
    const all = offset === 0 ? text : context + text;
    const { filter, mask, candidates } = this;
    let a1 = 0;
    let a2 = 0;
    let found = 0;
    const n = all.length;
    for (let i = 0; i < n; i++) {
      const v = SEEN[all.charCodeAt(i)]!;
      if (v === 0) continue;
      a2 = ((a2 << 6) | (a1 >>> 24)) & 0xffffff;
      a1 = ((a1 << 6) | v) & 0x3fffffff;
      const slot = (a1 ^ (a2 << 5) ^ (a2 >>> 13)) & mask;
      candidates[found & (CANDIDATES - 1)] = i;
      found += (filter[slot >>> 3]! >>> (slot & 7)) & 1;
    }
    if (found === 0) return;
    if (found <= CANDIDATES) {
      for (let c = 0; c < found; c++) this.check(all, candidates[c]!, offset, out);
      return;
    }
    // More places than the list holds (the value itself printed many times): check each as the scan finds it.
    a1 = 0;
    a2 = 0;
    for (let i = 0; i < n; i++) {
      const v = SEEN[all.charCodeAt(i)]!;
      if (v === 0) continue;
      a2 = ((a2 << 6) | (a1 >>> 24)) & 0xffffff;
      a1 = ((a1 << 6) | v) & 0x3fffffff;
      const slot = (a1 ^ (a2 << 5) ^ (a2 >>> 13)) & mask;
      if ((filter[slot >>> 3]! >>> (slot & 7)) & 1) this.check(all, i, offset, out);
    }
  }

  private readonly candidates = new Int32Array(CANDIDATES);

  /** The exact check at a place the filter let through: is the 12-character window ending at `i` known? */
  private check(text: string, i: number, offset: number, out: SecretMatch[]): void {
    const codes: number[] = [];
    let first = i;
    for (let k = i; k >= 0 && codes.length < WINDOW; k--) {
      const v = SEEN[text.charCodeAt(k)]!;
      if (v === 0) continue;
      codes.push(v);
      first = k;
    }
    if (codes.length < WINDOW) return;
    // Newest first: the anchor is the first 9, as numbers, before any string is made.
    let a1 = 0;
    let a2 = 0;
    for (let k = ANCHOR - 1; k >= 0; k--) {
      a2 = ((a2 << 6) | (a1 >>> 24)) & 0xffffff;
      a1 = ((a1 << 6) | codes[k]!) & 0x3fffffff;
    }
    if (!this.anchors.has(anchorKey(a1, a2))) return;
    let window = '';
    for (let k = WINDOW - 1; k >= 0; k--) window += charOf(codes[k]!);
    if (!this.windows.has(window)) return;
    const end = i + 1 - offset;
    if (end <= 0) return;
    const start = Math.max(0, first - offset);
    // Consecutive windows are one run of the value: extend the last match rather than add another.
    const last = out[out.length - 1];
    if (last && last.ruleId === 'known-secret-window' && last.end >= start && last.start <= start) out[out.length - 1] = { ...last, end };
    else out.push({ start, end, ruleId: 'known-secret-window', keep: 0 });
  }
}
