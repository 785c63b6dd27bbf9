/**
 * Shrinks a phone photo before upload (long side ≤ 1600 px, JPEG 0.8): a 5 MB camera picture
 * becomes ~300 KB, and drawing it on a canvas drops its EXIF (location) on the phone already.
 */
export async function resizePhoto(file: File, maxSide = 1600): Promise<Blob> {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = () => reject(new Error('无法读取这张照片'));
      i.src = url;
    });
    const scale = Math.min(1, maxSide / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('无法处理这张照片');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('无法处理这张照片'))),
        'image/jpeg',
        0.8,
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
