/**
 * Finds references to paths outside the repository in its tracked source, test, script, bench and
 * config files, so that a clone in any folder builds and tests on its own.
 *
 * A reference is outside when a relative path (`../x`, `./x`, `..`) resolved against the file's folder
 * leaves the repository root, when the literal segments of a `path.resolve(__dirname, …)` call or a
 * `$(dirname "$0")/..` in a shell script climb above it, or when a string names an absolute path in the
 * folder the repository sits in or in the shared workspace folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface OutsideReference {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  /** The text that refers outside. */
  text: string;
  /** Where it leads. */
  resolved: string;
}

/** File kinds that are scanned; `.ci/run` and the Dockerfile (no extension) are added by name. */
export const SCANNED_EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.json', '.sh', '.yml', '.yaml'];
const SCANNED_NAMES = new Set(['.ci/run', 'Dockerfile']);

/** Shell-like files: their relative paths may also be meant from the repository root (a `cd`, a build context). */
function isShellLike(file: string): boolean {
  return file.endsWith('.sh') || SCANNED_NAMES.has(file) || file === 'package.json';
}

export function isScanned(file: string): boolean {
  return SCANNED_NAMES.has(file) || SCANNED_EXTENSIONS.some((ext) => file.endsWith(ext));
}

/** Files git tracks or would track (not ignored) that are scanned and exist in the working tree. */
export function trackedFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = out.split('\0').filter((file) => file !== '' && isScanned(file));
  return [...new Set(files)].filter((file) => existsSync(path.join(root, file)));
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `./x`, `../x` or a lone `..`, starting after a delimiter (quote, space, `=`, `(`, `:` …). */
const RELATIVE_TOKEN = /(?<![\w.$~/\\-])(\.\.?\/[^\s'"`),;|&<>]*|\.\.(?=$|[\s'"`),;|&<>]))/gm;

/** `resolve(__dirname, 'a', '..')` / `join(import.meta.dirname, …)`: the literal segments after the folder. */
const DIRNAME_CALL =
  /\b(?:resolve|join)\(\s*(?:__dirname|import\.meta\.dirname)\s*,\s*((?:'[^'\n]*'|"[^"\n]*")(?:\s*,\s*(?:'[^'\n]*'|"[^"\n]*"))*)/g;

/** `${__dirname}/../x` in template literals. */
const DIRNAME_TEMPLATE = /\$\{\s*(?:__dirname|import\.meta\.dirname)\s*\}\/([^\s`'"]*)/g;

/** `$(dirname "$0")/..` or `$(dirname "${BASH_SOURCE[0]}")/../x` in shell scripts. */
const SHELL_DIRNAME = /\$\(\s*dirname\s+"?\$(?:0|\{BASH_SOURCE\[0\]\}|BASH_SOURCE)"?\s*\)\/?([^\s'"`;|&)]*)/g;

/** Absolute paths in the shared workspace folder. */
const WORKSPACE_PATH = /(?<![\w.\\-])\/work(?:\/[^\s'"`),;]*)?(?=$|[\s'"`),;])/gm;

/** Finds references outside `root` in the text of `file` (relative to `root`). */
export function scanText(root: string, file: string, text: string): OutsideReference[] {
  const folder = path.dirname(path.join(root, file));
  const found: OutsideReference[] = [];
  const report = (index: number, token: string, resolved: string) => {
    const line = lineAt(text, index);
    if (found.some((ref) => ref.line === line && ref.resolved === resolved)) return;
    found.push({ file, line, text: token.replace(/\s+/g, ' '), resolved });
  };
  const check = (index: number, token: string, relative: string, from: string) => {
    const resolved = path.resolve(from, relative);
    if (!inside(root, resolved)) report(index, token, resolved);
  };

  for (const match of text.matchAll(RELATIVE_TOKEN)) {
    const token = match[1] as string;
    check(match.index, token, token, folder);
    if (isShellLike(file) && folder !== root) check(match.index, token, token, root);
  }
  for (const match of text.matchAll(DIRNAME_CALL)) {
    const segments = [...(match[1] as string).matchAll(/'([^']*)'|"([^"]*)"/g)].map(
      (s) => s[1] ?? s[2] ?? '',
    );
    const at = match.index + match[0].indexOf(match[1] as string);
    check(at, match[0], path.join(...segments), folder);
  }
  for (const pattern of [DIRNAME_TEMPLATE, ...(isShellLike(file) ? [SHELL_DIRNAME] : [])]) {
    for (const match of text.matchAll(pattern)) check(match.index, match[0], match[1] || '.', folder);
  }
  const parent = path.dirname(root);
  for (const match of text.matchAll(WORKSPACE_PATH)) report(match.index, match[0], match[0]);
  if (parent !== path.parse(parent).root && !parent.startsWith(`${path.sep}work`)) {
    let index = text.indexOf(parent);
    while (index >= 0) {
      const token = text.slice(index).split(/[\s'"`),;]/)[0] as string;
      if (!inside(root, token)) report(index, token, token);
      index = text.indexOf(parent, index + parent.length);
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Every reference outside `root` in its scanned tracked files. */
export function scanRepository(root: string, files = trackedFiles(root)): OutsideReference[] {
  return files.flatMap((file) => scanText(root, file, readFileSync(path.join(root, file), 'utf8')));
}

export function formatReference(ref: OutsideReference): string {
  return `${ref.file}:${ref.line}: ${ref.text} (leads to ${ref.resolved})`;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const found = scanRepository(root);
  for (const ref of found) console.error(formatReference(ref));
  if (found.length > 0) process.exit(1);
  console.log('No file refers to a path outside the repository.');
}
