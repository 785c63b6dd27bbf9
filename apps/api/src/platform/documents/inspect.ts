import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openZipEntry, readZipDirectory } from '../excel/zip.ts';

const run = promisify(execFile);

/** The XML parts of a .docx (or any OOXML package), by name. */
export async function readPackageParts(bytes: Buffer): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'ooxml-'));
  try {
    const path = join(dir, 'package.zip');
    await writeFile(path, bytes);
    const out = new Map<string, string>();
    for (const [name, entry] of await readZipDirectory(path)) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const chunks: Buffer[] = [];
      for await (const c of await openZipEntry(path, entry)) chunks.push(c as Buffer);
      out.set(name, Buffer.concat(chunks).toString('utf8'));
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function which(cmd: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Renders a .docx to PDF with LibreOffice and reads it back with poppler: page count and size,
 * the text, and optionally PNGs of the pages (kept in `keepDir` for a person to look at).
 * Throws with a clear message when the tools are missing (.ci/run installs them).
 */
export async function renderDocx(
  bytes: Buffer,
  options: { pngDir?: string; name?: string } = {},
): Promise<{ pages: number; pageSize: string; text: string; pdf: Buffer }> {
  for (const tool of ['soffice', 'pdfinfo', 'pdftotext']) {
    if (!(await which(tool)))
      throw new Error(
        `${tool} is missing: install Debian's libreoffice-writer-nogui and poppler-utils (.ci/run does)`,
      );
  }
  const dir = await mkdtemp(join(tmpdir(), 'docx-render-'));
  try {
    const name = options.name ?? 'document';
    const docx = join(dir, `${name}.docx`);
    await writeFile(docx, bytes);
    // A private profile: parallel conversions must not share (and lock) one user installation.
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        docx,
      ],
      { timeout: 120_000 },
    );
    const pdfPath = join(dir, `${name}.pdf`);
    const info = (await run('pdfinfo', [pdfPath])).stdout;
    const text = (await run('pdftotext', ['-layout', pdfPath, '-'])).stdout;
    if (options.pngDir) {
      await run('pdftoppm', ['-png', '-r', '60', pdfPath, join(options.pngDir, name)]);
    }
    return {
      pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0),
      pageSize: /Page size:\s+([^\n]+)/.exec(info)?.[1]?.trim() ?? '',
      text,
      pdf: await readFile(pdfPath),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type PdfWord = {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
};

/** The words of a PDF with their boxes in points from the top left of their page (poppler's `pdftotext -bbox`). */
export async function pdfWords(pdf: Buffer): Promise<PdfWord[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-words-'));
  try {
    const path = join(dir, 'document.pdf');
    await writeFile(path, pdf);
    const html = (await run('pdftotext', ['-bbox', path, '-'], { maxBuffer: 64 << 20 })).stdout;
    return html
      .split('<page ')
      .slice(1)
      .flatMap((page, i) =>
        [
          ...page.matchAll(
            /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
          ),
        ].map((m) => ({
          page: i + 1,
          text: m[5]!,
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
        })),
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
