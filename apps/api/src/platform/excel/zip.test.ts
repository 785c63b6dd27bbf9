import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheets, type SheetSpec } from './reader.ts';
import { openZipEntry, readZipDirectory } from './zip.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'excel-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(file: string, name: string): Promise<string> {
  const entry = (await readZipDirectory(file)).get(name);
  if (!entry) throw new Error(`no ${name}`);
  const chunks: Buffer[] = [];
  for await (const chunk of await openZipEntry(file, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes `files` as a stored (uncompressed) zip in the given order. */
async function writeStoredZip(file: string, files: [string, Buffer][]): Promise<void> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(file, Buffer.concat([...locals, directory, end]));
}

const SPEC: SheetSpec<'name' | 'code' | 'count'> = {
  name: '小区',
  columns: [
    { key: 'name', label: '小区名称' },
    { key: 'code', label: '社区代码' },
    { key: 'count', label: '户数' },
  ],
};

async function readNames(file: string) {
  const seen: [string, unknown][] = [];
  await readSheets(file, [SPEC], (row) => seen.push([row.sheet, row.value('name')]));
  return seen;
}

describe('readZipDirectory / openZipEntry', () => {
  it('lists and inflates the entries of a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('小区').addRow(['小区名称']);
    const file = path.join(dir, 'plain.xlsx');
    await wb.xlsx.writeFile(file);
    const names = [...(await readZipDirectory(file)).keys()];
    expect(names).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']));
    expect(await text(file, 'xl/workbook.xml')).toContain('name="小区"');
  });

  it('reads stored and zip64 archives', async () => {
    for (const [name, zip] of [
      ['stored.xlsx', { store: true }],
      ['zip64.xlsx', { forceZip64: true }],
    ] as const) {
      const file = path.join(dir, name);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: createWriteStream(file),
        useSharedStrings: true,
        zip,
      });
      const sheet = wb.addWorksheet('小区');
      sheet.addRow(['小区名称', '社区代码', '户数']).commit();
      sheet.addRow(['华光小区', '370303001001', 10]).commit();
      sheet.commit();
      await wb.commit();
      const bytes = await readFile(file);
      if (name === 'zip64.xlsx') expect(bytes.includes(Buffer.from([0x50, 0x4b, 6, 7]))).toBe(true);
      expect(await readNames(file)).toEqual([['小区', '华光小区']]);
    }
  });

  it('refuses what is not a zip', async () => {
    const file = path.join(dir, 'not.xlsx');
    await writeFile(file, '序号,小区名称\n');
    await expect(readZipDirectory(file)).rejects.toThrow('not a zip archive');
  });
});

describe('reading entries by the central directory', () => {
  it('reads a workbook whose entries come in an order ExcelJS’s own single pass fails on', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('小区');
    sheet.addRow(['小区名称', '社区代码', '户数']);
    sheet.addRow(['华光小区', '370303001001', 10]);
    const original = path.join(dir, 'original.xlsx');
    await wb.xlsx.writeFile(original);
    const entries = await readZipDirectory(original);
    const contents = new Map<string, Buffer>();
    for (const [name, entry] of entries) {
      const chunks: Buffer[] = [];
      for await (const chunk of await openZipEntry(original, entry)) chunks.push(chunk as Buffer);
      contents.set(name, Buffer.concat(chunks));
    }
    // Relationships and shared strings first, workbook.xml after the sheet.
    const first = ['xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'];
    const last = ['xl/workbook.xml'];
    const middle = [...contents.keys()].filter((n) => !first.includes(n) && !last.includes(n));
    const reordered = path.join(dir, 'reordered.xlsx');
    await writeStoredZip(
      reordered,
      [...first, ...middle, ...last].map((n) => [n, contents.get(n) as Buffer]),
    );

    const plain = new ExcelJS.stream.xlsx.WorkbookReader(reordered, {});
    const failure = await (async () => {
      for await (const ws of plain) for await (const _row of ws) void _row;
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);

    expect(await readNames(reordered)).toEqual([['小区', '华光小区']]);
  });
});
