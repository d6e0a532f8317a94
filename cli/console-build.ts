import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds the web console (console/) into static files: one hashed script, one hashed style sheet,
 * the bundled Noto Sans Arabic fonts and an index.html that names them, with nothing inline (the
 * CSP allows scripts and styles from the console's own origin only). Idempotent: a build whose
 * inputs (the console's sources, the lockfile) have not changed since the last one is skipped.
 */

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), '..');
const SOURCES = join(ROOT, 'console');
const STAMP = '.inputs-hash';

/** What `buildConsole` did: built the files, or found them built from the same inputs. */
export interface ConsoleBuild {
  readonly outDir: string;
  readonly skipped: boolean;
}

/** Builds the console into `outDir` (relative to the repository), unless it holds a build of the same inputs. */
export async function buildConsole(outDir = 'dist/console'): Promise<ConsoleBuild> {
  const target = resolve(ROOT, outDir);
  const inputsHash = await hashInputs();
  const previous = await readFile(join(target, STAMP), 'utf8').catch(() => null);
  if (previous === inputsHash) return { outDir: target, skipped: true };

  await rm(target, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'console/main.tsx' },
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    outdir: target,
    entryNames: '[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((file) => file.endsWith('.js'));
  const styles = outputs.find((file) => file.endsWith('.css'));
  if (!script || !styles) throw new Error('the console build made no script or no style sheet');
  await writeFile(join(target, 'index.html'), indexHtml(script, styles));
  await writeFile(join(target, STAMP), inputsHash);
  return { outDir: target, skipped: false };
}

function indexHtml(script: string, styles: string): string {
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>دفعة — لوحة العمليات</title>
<link rel="stylesheet" href="/${styles}">
<script type="module" src="/${script}"></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;
}

/** The SHA-256 of every source file under console/ (path and content) and of the lockfile. */
async function hashInputs(): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(await listFiles(SOURCES)), join(ROOT, 'package-lock.json'), SELF];
  for (const file of files.sort()) {
    hash
      .update(relative(ROOT, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name);
      return entry.isDirectory() ? listFiles(path) : Promise.resolve([path]);
    }),
  );
  return nested.flat();
}

async function main(): Promise<void> {
  const started = performance.now();
  const { outDir, skipped } = await buildConsole(process.argv[2]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const files = await readdir(outDir, { recursive: true });
  const sizes = await Promise.all(files.map((file) => stat(join(outDir, file))));
  const bytes = sizes.filter((size) => size.isFile()).reduce((sum, size) => sum + size.size, 0);
  process.stdout.write(
    `${skipped ? 'console unchanged' : 'console built'}: ${relative(process.cwd(), outDir)} (${Math.round(bytes / 1024)} KiB) in ${seconds} s\n`,
  );
}

if (import.meta.main) {
  await main();
}
