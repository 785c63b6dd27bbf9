/** Allowed uploads, recognised by their first bytes rather than by the name the client sent. */
const SIGNATURES: { type: string; ext: string[]; test: (b: Buffer) => boolean }[] = [
  {
    type: 'image/jpeg',
    ext: ['jpg', 'jpeg'],
    test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  {
    type: 'image/png',
    ext: ['png'],
    test: (b) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'application/pdf',
    ext: ['pdf'],
    test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: ['docx'],
    test: (b) => b.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004',
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: ['xlsx'],
    test: (b) => b.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004',
  },
];

/** The content type of an upload from its first bytes and name, or null when it is not allowed. */
export function detectContentType(head: Buffer, fileName: string): string | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const match = SIGNATURES.find((s) => s.ext.includes(ext) && s.test(head));
  return match?.type ?? null;
}

export const ALLOWED_UPLOADS = '照片（JPG、PNG）、PDF、Word（.docx）、Excel（.xlsx）';
