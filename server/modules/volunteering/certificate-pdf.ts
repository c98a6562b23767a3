import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AppError } from '../../core/errors.js';
import type { CertificateView } from './certificate-queries.js';

/**
 * A CJK font to embed (pdfkit subsets it: only the glyphs used go into the file). Debian's `fonts-noto-cjk`
 * by default; `LINLI_CJK_FONT` names another (a .ttf/.otf, or a .ttc with `#PostScriptName`).
 */
const CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei',
];
let font: { data: Buffer; name: string | undefined } | undefined;

function cjkFont() {
  if (font) return font;
  for (const spec of [process.env.LINLI_CJK_FONT, ...CANDIDATES]) {
    if (!spec) continue;
    const [file = '', name] = spec.split('#');
    if (existsSync(file)) return (font = { data: readFileSync(file), name });
  }
  throw new AppError('internal', {
    zh: '服务器缺少中文字体，无法生成证明（请安装 fonts-noto-cjk 或设置 LINLI_CJK_FONT）',
    en: 'No CJK font on the server: install fonts-noto-cjk or set LINLI_CJK_FONT',
  });
}

const cn = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** 志愿服务记录证明 as a PDF: the measures' fields, the records certified, and a QR to the public verification page. */
export async function certificatePdf(c: CertificateView, verifyUrl: string): Promise<Buffer> {
  const f = cjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 56, left: 64, right: 64 },
    info: { Title: `志愿服务记录证明 ${c.certNo}`, Author: c.issuer, Subject: '志愿服务记录证明' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('cjk', f.data, f.name ?? '');
  doc.font('cjk');
  const width = doc.page.width - 128;

  doc.fontSize(22).text('志愿服务记录证明', { align: 'center', characterSpacing: 2 });
  doc.moveDown(0.4).fontSize(10).fillColor('#444').text(`证明编号：${c.certNo}`, { align: 'right' });
  doc.moveDown(1).fillColor('#000').fontSize(12.5);
  doc.text(
    `兹证明 ${c.holderName}（证件类型：${c.idType}，证件号码：${c.idMasked}；志愿者编号：${c.volunteerNo}）` +
      `于 ${cn(c.periodFrom)} 至 ${cn(c.periodTo)} 期间参加本组织记录的志愿服务 ${c.content.length} 次，` +
      `经确认的志愿服务时长累计 ${c.hours.toFixed(2)} 小时。服务内容如下：`,
    { lineGap: 6, indent: 25 },
  );
  doc.moveDown(0.8);

  const cols = [90, width - 180, 90];
  const row = (cells: string[], bold = false) => {
    if (doc.y > doc.page.height - 200) doc.addPage();
    const y = doc.y;
    let x = 64;
    doc.fontSize(bold ? 11 : 10.5).fillColor(bold ? '#000' : '#222');
    cells.forEach((t, i) => {
      doc.text(t, x + 4, y + 4, { width: (cols[i] ?? 80) - 8, align: i === 2 ? 'right' : 'left', lineBreak: false });
      x += cols[i] ?? 80;
    });
    doc
      .moveTo(64, y + 20)
      .lineTo(64 + width, y + 20)
      .lineWidth(0.5)
      .strokeColor('#999')
      .stroke();
    doc.y = y + 22;
    doc.x = 64;
  };
  row(['日期', '服务项目', '时长（小时）'], true);
  for (const r of c.content) row([r.date, r.title, r.hours.toFixed(2)]);
  row(['', '合计', c.hours.toFixed(2)], true);

  doc.moveDown(1).fontSize(12.5).fillColor('#000').text('特此证明。', 64, doc.y, { indent: 25 });
  if (doc.y > doc.page.height - 230) doc.addPage();
  const top = doc.y + 18;
  const lines = [
    `出具组织（盖章）：${c.issuer}`,
    `负责人：${c.principal}`,
    `经办人：${c.handler}`,
    `联系电话：${c.contact}`,
    `出具日期：${cn(c.issuedOn)}`,
  ];
  doc.fontSize(11.5);
  lines.forEach((t, i) => doc.text(t, 64, top + i * 22, { width: width - 150 }));
  const qr = await QRCode.toBuffer(verifyUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  doc.image(qr, 64 + width - 120, top - 6, { width: 120 });
  doc
    .fontSize(9)
    .fillColor('#444')
    .text('扫码核验证明真伪', 64 + width - 120, top + 118, { width: 120, align: 'center' });
  doc
    .fontSize(8.5)
    .fillColor('#555')
    .text(
      `本证明依据志愿服务记录如实出具（《志愿服务记录与证明出具办法（试行）》，谁记录谁证明）。核验地址：${verifyUrl}`,
      64,
      top + 150,
      { width },
    );
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
