import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';

/**
 * Official documents (公文) in the layout of GB/T 9704-2012 《党政机关公文格式》: A4, margins
 * 37/35/28/26 mm, a 156 × 225 mm 版心 holding 22 lines of 28 characters of 3号 仿宋, a red
 * 发文机关标志 and separator, 版记 between thick and thin rules, page numbers "— 1 —" in 4号
 * 宋体 on the outer side (odd right, even left). Fonts are named, never embedded: the 方正 and
 * _GB2312 faces are licensed, and Word and WPS on a government desk have them.
 */

/** Font names as Word and WPS installations in Chinese offices spell them. */
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** Chinese font sizes (字号) in half-points, the unit of `w:sz`. */
export const SIZES = {
  初号: 84,
  小初: 72,
  一号: 52,
  二号: 44,
  三号: 32,
  四号: 28,
  小四: 24,
  五号: 21,
} as const;

export const RED = 'E00000';

export const PAGE = {
  /** A4 in twips (210 × 297 mm). */
  width: 11906,
  height: 16838,
  margin: { top: 37, bottom: 35, left: 28, right: 26 },
  linesPerPage: 22,
  charsPerLine: 28,
} as const;

const mm = (x: number) => Math.round((x * 1440) / 25.4);
/** The 版心 (type area): 156 × 225 mm. */
export const TYPE_AREA = {
  width: PAGE.width - mm(PAGE.margin.left) - mm(PAGE.margin.right),
  height: PAGE.height - mm(PAGE.margin.top) - mm(PAGE.margin.bottom),
};
/** 225 mm / 22 lines ≈ 28.95 pt: the fixed line height of every body line. */
export const LINE_PITCH = Math.floor(TYPE_AREA.height / PAGE.linesPerPage);
/**
 * 156 mm / 28 characters ≈ 15.8 pt per character; Word's `charSpace` is the difference from the
 * 16 pt default font size in 1/4096 pt.
 */
export const CHAR_SPACE = Math.round((TYPE_AREA.width / 20 / PAGE.charsPerLine - 16) * 4096);
/** One character of 3号 in twips, for indents. */
const CHAR = 320;
/**
 * Character spacing of 3号 runs in 1/20 pt: 16 pt − 0.25 pt = 15.75 pt, so 28 characters fill
 * the 156 mm line (442 pt) without a 29th fitting.
 */
export const BODY_CHARACTER_SPACING = -5;

type RunStyle = {
  font?: string;
  size?: number;
  bold?: boolean;
  color?: string;
};

/** A run whose font is named for every script, so Word, WPS and LibreOffice pick the same face. */
export function run(text: string, style: RunStyle = {}): TextRun {
  const font = style.font ?? FONTS.body;
  return new TextRun({
    text,
    font: { ascii: font, eastAsia: font, hAnsi: font, cs: font, hint: 'eastAsia' },
    size: style.size ?? SIZES.三号,
    ...((style.size ?? SIZES.三号) === SIZES.三号
      ? { characterSpacing: BODY_CHARACTER_SPACING }
      : {}),
    ...(style.bold ? { bold: true } : {}),
    ...(style.color ? { color: style.color } : {}),
  });
}

function para(options: IParagraphOptions): Paragraph {
  return new Paragraph(options);
}

const exact = (line: number = LINE_PITCH) => ({ line, lineRule: LineRuleType.EXACT });

/** A body paragraph: 3号 仿宋, first line indented two characters, justified. */
export function bodyParagraph(text: string | readonly ParagraphChild[]): Paragraph {
  return para({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * CHAR },
    spacing: exact(),
    children: typeof text === 'string' ? [run(text)] : [...text],
  });
}

/** First-level heading "一、……": 黑体, no full stop. */
export function heading1(text: string): Paragraph {
  return para({
    indent: { firstLine: 2 * CHAR },
    spacing: exact(),
    keepNext: true,
    children: [run(text, { font: FONTS.heading1 })],
  });
}

/** Second-level heading "（一）……" in 楷体, optionally followed by body text in the same paragraph. */
export function heading2(text: string, body?: string): Paragraph {
  return para({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * CHAR },
    spacing: exact(),
    keepNext: !body,
    children: [run(text, { font: FONTS.heading2 }), ...(body ? [run(body)] : [])],
  });
}

export function blankLine(): Paragraph {
  return para({ spacing: exact(), children: [run('')] });
}

export function pageBreak(): Paragraph {
  return para({ spacing: exact(), children: [new PageBreak()] });
}

export type Letterhead = {
  /** 发文机关标志, e.g. "淄博市社区配套设施建设工作领导小组办公室". */
  issuer: string;
  /** 发文字号, e.g. "淄社配办〔2026〕3号". */
  docNumber: string;
};

/**
 * 版头: the red 发文机关标志 centred with its top 35 mm below the 版心 top, the 发文字号 two
 * lines below it, and the red separator 4 mm below the 发文字号, 版心 wide.
 */
export function letterhead(input: Letterhead): Paragraph[] {
  // The 标志 fills at most the 版心 width; long names shrink, short ones stop at 初号-like size.
  const maxHalfPoints = Math.floor((TYPE_AREA.width / 20 / input.issuer.length) * 2 * 0.95);
  const size = Math.min(SIZES.小初, Math.max(SIZES.二号, maxHalfPoints));
  return [
    para({
      alignment: AlignmentType.CENTER,
      spacing: { before: mm(35), after: 0, ...exact(Math.round(size * 10 * 1.25)) },
      children: [run(input.issuer, { font: FONTS.title, size, color: RED })],
    }),
    blankLine(),
    para({
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(), after: mm(4) },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
      children: [run(input.docNumber)],
    }),
  ];
}

/** Characters of 2号 (22 pt) that fit one 版心 line. */
const TITLE_CHARS = Math.floor(TYPE_AREA.width / 20 / 22);

/**
 * Splits a long title into lines of at most 20 characters, as symmetric as it can ("排列对称"),
 * breaking before a word that starts a phrase (进展, 情况, 的通报 …) when one is near the middle.
 */
export function splitTitle(title: string): string[] {
  if (title.length <= TITLE_CHARS) return [title];
  const lines = Math.ceil(title.length / TITLE_CHARS);
  const out: string[] = [];
  let rest = title;
  for (let n = lines; n > 1; n--) {
    const ideal = Math.ceil(rest.length / n);
    let best = ideal;
    let bestScore = Infinity;
    for (let at = Math.max(1, ideal - 4); at <= Math.min(TITLE_CHARS, rest.length - 1); at++) {
      const before = rest.slice(0, at);
      const after = rest.slice(at);
      const natural =
        /^(进展|情况|工作|的|关于|有关|暨|和|及)/.test(after) || /(工作|的)$/.test(before);
      const score = Math.abs(at - ideal) + (natural ? 0 : 3);
      if (score < bestScore) {
        bestScore = score;
        best = at;
      }
    }
    out.push(rest.slice(0, best));
    rest = rest.slice(best);
  }
  out.push(rest);
  return out;
}

/** 标题: 2号 小标宋, centred, two lines below the separator; a long title splits symmetrically. */
export function titleBlock(lines: readonly string[]): Paragraph[] {
  return [
    blankLine(),
    ...lines.flatMap(splitTitle).map((line) =>
      para({
        alignment: AlignmentType.CENTER,
        spacing: exact(Math.round(LINE_PITCH * 1.2)),
        keepNext: true,
        children: [run(line, { font: FONTS.title, size: SIZES.二号 })],
      }),
    ),
    blankLine(),
  ];
}

/** 主送机关: flush left, ending with a full-width colon. */
export function addressee(text: string): Paragraph {
  return para({
    spacing: exact(),
    children: [run(text.endsWith('：') ? text : `${text}：`)],
  });
}

/** 附件说明: one line below the body, indented two characters, "附件：1.……", no final punctuation. */
export function attachmentNote(titles: readonly string[]): Paragraph[] {
  if (titles.length === 0) return [];
  const numbered = titles.length > 1;
  return [
    blankLine(),
    ...titles.map((t, i) =>
      para({
        spacing: exact(),
        indent: { left: i === 0 ? 2 * CHAR : 5 * CHAR, hanging: i === 0 ? 0 : 0 },
        children: [run(`${i === 0 ? '附件：' : ''}${numbered ? `${i + 1}.` : ''}${t}`)],
      }),
    ),
  ];
}

/** "2026年12月6日" from YYYY-MM-DD: Arabic numerals, no leading zeros (GB/T 9704 7.3.5). */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 署名 and 成文日期: the date four characters from the right, the issuer centred above it. */
export function signature(issuer: string, isoDate: string): Paragraph[] {
  const date = chineseDate(isoDate);
  const dateIndent = 4 * CHAR;
  // Centre the issuer over the date: shift by half the difference of their lengths.
  const issuerIndent = Math.max(0, dateIndent - ((issuer.length - date.length) * CHAR) / 2);
  return [
    blankLine(),
    blankLine(),
    para({
      alignment: AlignmentType.RIGHT,
      spacing: exact(),
      indent: { right: Math.round(issuerIndent) },
      keepNext: true,
      children: [run(issuer)],
    }),
    para({
      alignment: AlignmentType.RIGHT,
      spacing: exact(),
      indent: { right: dateIndent },
      children: [run(date)],
    }),
  ];
}

/** 附件 page head: "附件1" in 黑体 top left, then the attachment's title in 小标宋. */
export function attachmentHead(
  label: string,
  title: string,
  options: { firstPage?: boolean } = {},
): Paragraph[] {
  return [
    para({
      pageBreakBefore: !options.firstPage,
      spacing: exact(),
      children: [run(label, { font: FONTS.heading1 })],
    }),
    blankLine(),
    ...splitTitle(title).map((line) =>
      para({
        alignment: AlignmentType.CENTER,
        spacing: exact(Math.round(LINE_PITCH * 1.2)),
        keepNext: true,
        children: [run(line, { font: FONTS.title, size: SIZES.二号 })],
      }),
    ),
    blankLine(),
  ];
}

export type DataColumn = {
  header: string;
  /** Relative width; the columns share the 版心 width in proportion. */
  weight?: number;
  align?: 'left' | 'center' | 'right';
};

const CELL_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/**
 * A statistics table as 公文 print them: 黑体 header row repeated on every page, 仿宋 cells in
 * 小四 (tables may use a smaller size than the body), rows that never split across pages.
 */
export function dataTable(input: {
  columns: readonly DataColumn[];
  rows: readonly (readonly (string | number | null)[])[];
  size?: number;
}): Table {
  const size = input.size ?? SIZES.小四;
  const total = input.columns.reduce((s, c) => s + (c.weight ?? 1), 0);
  const widths = input.columns.map((c) => Math.floor((TYPE_AREA.width * (c.weight ?? 1)) / total));
  const cellLine = Math.round(size * 10 * 1.35);
  const cell = (
    text: string,
    opts: { header: boolean; align: DataColumn['align']; width: number },
  ) =>
    new TableCell({
      width: { size: opts.width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { left: 40, right: 40, top: 30, bottom: 30 },
      children: [
        para({
          alignment:
            opts.align === 'left'
              ? AlignmentType.LEFT
              : opts.align === 'right'
                ? AlignmentType.RIGHT
                : AlignmentType.CENTER,
          spacing: exact(cellLine),
          children: [run(text, { size, font: opts.header ? FONTS.heading1 : FONTS.body })],
        }),
      ],
    });
  return new Table({
    width: { size: TYPE_AREA.width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: {
      top: CELL_BORDER,
      bottom: CELL_BORDER,
      left: CELL_BORDER,
      right: CELL_BORDER,
      insideHorizontal: CELL_BORDER,
      insideVertical: CELL_BORDER,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: input.columns.map((c, i) =>
          cell(c.header, { header: true, align: 'center', width: widths[i]! }),
        ),
      }),
      ...input.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: input.columns.map((c, i) =>
              cell(r[i] === null || r[i] === undefined ? '—' : String(r[i]), {
                header: false,
                align: c.align ?? 'center',
                width: widths[i]!,
              }),
            ),
          }),
      ),
    ],
  });
}

export type RecordBlock = {
  /** 抄送机关, e.g. "市委办公室，市政府办公室". */
  copyTo?: string | null;
  /** 印发机关. */
  printer: string;
  /** 印发日期 YYYY-MM-DD. */
  printDate: string;
};

const THICK: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' }; // 0.35 mm
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' }; // 0.25 mm
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/**
 * 版记: 抄送 and 印发机关/印发日期 between a thick first line, thin middle lines and a thick last
 * line, all 版心 wide, in 4号 仿宋 indented one character on each side (GB/T 9704 7.4).
 */
export function recordBlock(input: RecordBlock): Paragraph[] {
  const size = SIZES.四号;
  const indent = { left: 280, right: 280 };
  const line = exact(Math.round(LINE_PITCH));
  const out: Paragraph[] = [blankLine()];
  if (input.copyTo) {
    out.push(
      para({
        spacing: line,
        indent,
        keepNext: true,
        border: { top: THICK, bottom: THIN },
        children: [run(`抄送：${input.copyTo.replace(/[。.]$/, '')}。`, { size })],
      }),
    );
  }
  const printed = `${chineseDate(input.printDate)}印发`;
  // Both on one line: a long 印发机关 steps down to 小四 rather than wrap.
  const fits = (input.printer.length + printed.length - 2) * 14 * 20 <= TYPE_AREA.width - 560;
  const printSize = fits ? size : SIZES.小四;
  out.push(
    para({
      spacing: line,
      indent,
      border: { top: input.copyTo ? NONE : THICK, bottom: THICK },
      tabStops: [{ type: TabStopType.RIGHT, position: TYPE_AREA.width - 560 }],
      children: [
        run(input.printer, { size: printSize }),
        new TextRun({ text: '\t' }),
        run(printed, { size: printSize }),
      ],
    }),
  );
  return out;
}

function pageNumberFooter(side: 'right' | 'left'): Footer {
  const font = FONTS.pageNumber;
  return new Footer({
    children: [
      para({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: { ascii: font, eastAsia: font, hAnsi: font, cs: font },
            size: SIZES.四号,
          }),
        ],
      }),
    ],
  });
}

/**
 * The whole document: one A4 section with the GB/T 9704 margins and 22 × 28 grid, 3号 仿宋 as the
 * default, and page numbers on the outer side (odd pages right, even pages left).
 */
export function officialDocument(input: {
  title: string;
  children: readonly (Paragraph | Table)[];
}): Document {
  const body = FONTS.body;
  return new Document({
    title: input.title,
    creator: '社区配套设施规划建设管理平台',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: body, eastAsia: body, hAnsi: body, cs: body },
            size: SIZES.三号,
          },
          paragraph: { spacing: exact() },
        },
      },
      // LibreOffice sizes the character grid from the Normal style's East Asian font size, not
      // from the document defaults: without it a 3号 character takes two grid cells.
      paragraphStyles: [
        {
          id: 'Normal',
          name: 'Normal',
          run: { font: { ascii: body, eastAsia: body, hAnsi: body, cs: body }, size: SIZES.三号 },
          paragraph: { spacing: exact() },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: mm(PAGE.margin.top),
              bottom: mm(PAGE.margin.bottom),
              left: mm(PAGE.margin.left),
              right: mm(PAGE.margin.right),
              header: mm(15),
              // The number's top sits about 7 mm below the 版心 (GB/T 9704 7.5).
              footer: mm(22),
              gutter: 0,
            },
          },
          // The 22 × 28 grid is laid out by the paragraphs themselves — exact 28.95 pt lines and
          // 15.75 pt characters — and recorded here. Switching the grid on ("linesAndChars")
          // makes LibreOffice spread every 3号 character over two cells (16 a line, titles torn
          // apart), so the grid type stays "default".
          grid: {
            linePitch: LINE_PITCH,
            charSpace: CHAR_SPACE,
            type: DocumentGridType.DEFAULT,
          },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: [...input.children],
      },
    ],
  });
}

export async function packDocument(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(doc);
}
