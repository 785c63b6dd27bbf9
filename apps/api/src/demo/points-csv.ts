import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { FACILITY_TYPE_CODES } from '@zibo/shared';
import type { DemoArea, DemoDataset, DemoFacility } from './generator.ts';
import type { ScaledDataset } from './scaled-dataset.ts';

const CHUNK_CHARS = 1 << 16;

/**
 * Writes the points of a dataset as `areas.csv` (`id,lon,lat`) and `facilities.csv`
 * (`id,type,lon,lat`), WGS-84 with 6 decimals, so that other tools can be measured on the same
 * data. Streams in chunks, so nation-scale datasets do not build one huge string.
 */
export async function writePointsCsv(
  dir: string,
  dataset: DemoDataset | ScaledDataset,
): Promise<{ areasFile: string; facilitiesFile: string }> {
  await fs.promises.mkdir(dir, { recursive: true });
  const areasFile = path.join(dir, 'areas.csv');
  const facilitiesFile = path.join(dir, 'facilities.csv');
  if ('synthetic' in dataset) {
    const { areas: a, facilities: f } = dataset;
    await writeLines(areasFile, 'id,lon,lat', a.count, (i) =>
      row(i + 1, a.lon[i] as number, a.lat[i] as number),
    );
    await writeLines(facilitiesFile, 'id,type,lon,lat', f.count, (i) => {
      const type = FACILITY_TYPE_CODES[f.type[i] as number] as string;
      return `${i + 1},${type},${coord(f.lon[i] as number)},${coord(f.lat[i] as number)}`;
    });
  } else {
    const { areas, facilities } = dataset;
    await writeLines(areasFile, 'id,lon,lat', areas.length, (i) => {
      const a = areas[i] as DemoArea;
      return row(a.id, a.lon, a.lat);
    });
    await writeLines(facilitiesFile, 'id,type,lon,lat', facilities.length, (i) => {
      const f = facilities[i] as DemoFacility;
      return `${f.id},${f.type},${coord(f.lon)},${coord(f.lat)}`;
    });
  }
  return { areasFile, facilitiesFile };
}

function coord(n: number): string {
  return n.toFixed(6);
}

function row(id: number, lon: number, lat: number): string {
  return `${id},${coord(lon)},${coord(lat)}`;
}

async function writeLines(
  file: string,
  header: string,
  count: number,
  line: (i: number) => string,
): Promise<void> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  let chunk = `${header}\n`;
  for (let i = 0; i < count; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}
