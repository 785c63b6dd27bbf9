import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HeightRule,
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

/**
 * The layout is estimated, not measured: the generator has no renderer. Every line has an exact
 * height, so only the wrapping of text has to be guessed, and it is guessed on the long side:
 * a CJK character or full-width mark takes one em, any other character 0.6 em (digits and Latin
 * letters of 仿宋 and 宋体 take about half), closing marks stay with the character before them
 * and opening marks with the one after (避头尾), and a run of Latin letters or digits never
 * breaks. An estimate that is too long leaves a line blank too many; one too short would push
 * what follows onto the next page, which `bulletin-document.test.ts` checks in LibreOffice.
 */
const CLOSING = /^[，。、；：？！）》」』】〕〉”’%…—·．,.;:?!)\]}]$/;
const OPENING = /^[（《「『【〔〈“‘([{]$/;
const isWide = (ch: string) =>
  /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60“”‘’…—]/.test(ch);

/** Unbreakable pieces of `text` with their widths in twips at `size` half-points. */
function textTokens(text: string, size: number, spacing: number): number[] {
  const em = size * 10;
  const widths: number[] = [];
  let glueNext = false;
  let latin = false;
  for (const ch of text) {
    const w = (isWide(ch) ? em : Math.ceil(em * 0.6)) + spacing;
    const wide = isWide(ch);
    if (widths.length > 0 && (glueNext || CLOSING.test(ch) || (!wide && latin && ch !== ' ')))
      widths[widths.length - 1]! += w;
    else widths.push(w);
    glueNext = OPENING.test(ch);
    latin = !wide && ch !== ' ';
  }
  return widths;
}

/**
 * How many lines `text` takes (at least one) when the first line is `first` twips wide and the
 * others `rest` twips; `spacing` is the character spacing in twips.
 */
export function estimateLines(
  text: string,
  opts: { size: number; first: number; rest?: number; spacing?: number },
): number {
  let lines = 1;
  let room = opts.first;
  for (const w of textTokens(text, opts.size, opts.spacing ?? 0)) {
    if (w > room && room < (lines === 1 ? opts.first : (opts.rest ?? opts.first))) {
      lines++;
      room = opts.rest ?? opts.first;
    }
    room -= w;
  }
  return lines;
}

/** Lines of a {@link bodyParagraph}: 28 characters of 3号 a line, the first indented by two. */
export function bodyParagraphLines(text: string): number {
  return estimateLines(text, {
    size: SIZES.三号,
    first: TYPE_AREA.width - 2 * CHAR,
    rest: TYPE_AREA.width,
    spacing: BODY_CHARACTER_SPACING,
  });
}

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
/** Line height of a title line in 2号. */
const TITLE_LINE = Math.round(LINE_PITCH * 1.2);

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
        spacing: exact(TITLE_LINE),
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
        spacing: exact(TITLE_LINE),
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

export type DataTableInput = {
  columns: readonly DataColumn[];
  rows: readonly (readonly (string | number | null)[])[];
  size?: number;
  /**
   * Give every row the exact height its text is estimated to need (see {@link estimateLines}),
   * so that the space the table takes is known before it is rendered (for {@link PageFill}).
   */
  exactRowHeights?: boolean;
};

const CELL_MARGIN = { left: 40, right: 40, top: 30, bottom: 30 };

function tableGeometry(input: DataTableInput) {
  const size = input.size ?? SIZES.小四;
  const total = input.columns.reduce((s, c) => s + (c.weight ?? 1), 0);
  const widths = input.columns.map((c) => Math.floor((TYPE_AREA.width * (c.weight ?? 1)) / total));
  const cellLine = Math.round(size * 10 * 1.35);
  const text = (v: string | number | null | undefined) =>
    v === null || v === undefined ? '—' : String(v);
  const height = (cells: readonly (string | number | null | undefined)[]) =>
    CELL_MARGIN.top +
    CELL_MARGIN.bottom +
    cellLine *
      Math.max(
        ...widths.map((w, i) =>
          estimateLines(text(cells[i]), {
            size,
            first: w - CELL_MARGIN.left - CELL_MARGIN.right,
          }),
        ),
      );
  return { size, widths, cellLine, text, height };
}

/**
 * The heights in twips of the header row and of each row of an `exactRowHeights` table, as
 * {@link dataTable} sets them.
 */
export function dataTableHeights(input: DataTableInput): { header: number; rows: number[] } {
  const g = tableGeometry(input);
  return {
    header: g.height(input.columns.map((c) => c.header)),
    rows: input.rows.map((r) => g.height(r)),
  };
}

/**
 * A statistics table as 公文 print them: 黑体 header row repeated on every page, 仿宋 cells in
 * 小四 (tables may use a smaller size than the body), rows that never split across pages.
 */
export function dataTable(input: DataTableInput): Table {
  const { size, widths, cellLine, text } = tableGeometry(input);
  const heights = input.exactRowHeights ? dataTableHeights(input) : null;
  const rowHeight = (h: number | undefined) =>
    h === undefined ? {} : { height: { value: h, rule: HeightRule.EXACT } };
  const cell = (
    text: string,
    opts: { header: boolean; align: DataColumn['align']; width: number },
  ) =>
    new TableCell({
      width: { size: opts.width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: CELL_MARGIN,
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
        ...rowHeight(heights?.header),
        children: input.columns.map((c, i) =>
          cell(c.header, { header: true, align: 'center', width: widths[i]! }),
        ),
      }),
      ...input.rows.map(
        (r, n) =>
          new TableRow({
            cantSplit: true,
            ...rowHeight(heights?.rows[n]),
            children: input.columns.map((c, i) =>
              cell(text(r[i]), {
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
/** The width of a rule in twips (`size` is in eighths of a point). */
const rule = (b: IBorderOptions) => ((b.size ?? 0) * 20) / 8;
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** Twips the 版记 may end above the 版心 bottom, against rounding in the renderer. */
const FOOT_SLACK = 20;

/**
 * The space filled on the current page of the 版心, followed block by block as a document is
 * built — from the top of a page, e.g. a 附件 that starts on a page of its own — so that the 版记
 * can be padded down to the page's last line (see {@link recordBlock}). Every height is known
 * up to the wrapping of text, which {@link estimateLines} guesses on the long side.
 */
export class PageFill {
  /** Twips filled on the current page. */
  private used = 0;

  /** Twips left on the current page. */
  get remaining(): number {
    return TYPE_AREA.height - this.used;
  }

  newPage(): this {
    this.used = 0;
    return this;
  }

  /** A block that does not split: it goes to the next page when it does not fit on this one. */
  block(height: number): this {
    if (this.used > 0 && this.used + height > TYPE_AREA.height) this.used = 0;
    this.used += height;
    return this;
  }

  /** Lines of exact height, each free to go to the next page. */
  lines(count: number, pitch: number = LINE_PITCH): this {
    for (let i = 0; i < count; i++) this.block(pitch);
    return this;
  }

  /** A {@link bodyParagraph}. */
  bodyParagraph(text: string): this {
    return this.lines(bodyParagraphLines(text));
  }

  /** An {@link attachmentHead} that is not on the document's first page: a new page. */
  attachmentHead(title: string): this {
    this.newPage().lines(2);
    for (let i = 0; i < splitTitle(title).length; i++) this.block(TITLE_LINE);
    return this.lines(1);
  }

  /** A {@link dataTable} with `exactRowHeights`: rows never split, the header repeats. */
  table(heights: { header: number; rows: readonly number[] }): this {
    // LibreOffice draws the rows' borders inside their exact heights, all but the bottom one of
    // the part of the table on a page.
    const header = heights.header + rule(CELL_BORDER);
    this.block(header);
    for (const row of heights.rows) {
      if (this.used + row > TYPE_AREA.height) this.newPage().block(header);
      this.block(row);
    }
    return this;
  }
}

/**
 * 版记: 抄送 and 印发机关/印发日期 between a thick first line, thin middle lines and a thick last
 * line, all 版心 wide, in 4号 仿宋 indented one character on each side, a wrapped 抄送 aligned
 * with the first character after its colon (GB/T 9704 7.4).
 *
 * With `foot`, the 版记 ends on the last line of the page ("版记的最后一个要素置于最后一行"):
 * blank lines fill the page above it, and when it does not fit below what `foot` has counted, it
 * goes to the foot of a page of its own. Without, it follows the text after one blank line.
 */
export function recordBlock(input: RecordBlock, options: { foot?: PageFill } = {}): Paragraph[] {
  const size = SIZES.四号;
  const em = size * 10;
  const indent = { left: em, right: em };
  const copyTo = input.copyTo ? `抄送：${input.copyTo.replace(/[。.]$/, '')}。` : null;
  const lines =
    1 +
    (copyTo
      ? estimateLines(copyTo, {
          size,
          first: TYPE_AREA.width - 2 * em,
          rest: TYPE_AREA.width - 5 * em,
        })
      : 0);

  // Blank lines above the 版记, and space before its first line for the part of a line that is
  // left (tables are not on the line grid). A short line of its own would not do: LibreOffice
  // lays out an exact line lower than its font as if it were hardly there.
  let padding: Paragraph[] = [blankLine()];
  let before = 0;
  if (options.foot) {
    // Paragraph borders add their width to the lines'.
    const height = lines * LINE_PITCH + (copyTo ? 2 * rule(THICK) + rule(THIN) : 2 * rule(THICK));
    // Below the text, or else at the foot of a page of its own.
    const newPage = options.foot.remaining < height;
    const pad = (newPage ? TYPE_AREA.height : options.foot.remaining) - height - FOOT_SLACK;
    padding = Array.from({ length: Math.floor(pad / LINE_PITCH) }, (_, i) =>
      newPage && i === 0
        ? para({ spacing: exact(), pageBreakBefore: true, children: [run('')] })
        : blankLine(),
    );
    before = pad % LINE_PITCH;
  }
  const first = { ...exact(), ...(before > 0 ? { before } : {}) };

  const block: Paragraph[] = [];
  if (copyTo) {
    block.push(
      para({
        spacing: first,
        indent: { ...indent, left: 4 * em, hanging: 3 * em },
        keepNext: true,
        keepLines: true,
        border: { top: THICK, bottom: THIN },
        children: [run(copyTo, { size })],
      }),
    );
  }
  const printed = `${chineseDate(input.printDate)}印发`;
  // Both on one line: a long 印发机关 steps down to 小四 rather than wrap.
  const fits = (input.printer.length + printed.length - 2) * 14 * 20 <= TYPE_AREA.width - 560;
  const printSize = fits ? size : SIZES.小四;
  block.push(
    para({
      spacing: copyTo ? exact() : first,
      indent,
      keepLines: true,
      border: { top: copyTo ? NONE : THICK, bottom: THICK },
      tabStops: [{ type: TabStopType.RIGHT, position: TYPE_AREA.width - 560 }],
      children: [
        run(input.printer, { size: printSize }),
        new TextRun({ text: '\t' }),
        run(printed, { size: printSize }),
      ],
    }),
  );
  return [...padding, ...block];
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
