import PDFDocument from 'pdfkit';
import type { SignedStatement } from '../../../core/src/statements/statement.service';

type Pdf = PDFKit.PDFDocument;

const MARGIN = 50;
const WIDTH = 495;

/** The standard PDF fonts cover Latin-1 only; other characters (a Chinese account name) print as "?" rather than as garbage. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** One row of a table: columns of [text, width], the last ones right-aligned (amounts); a new page when the page is full. */
function row(doc: Pdf, cells: [string, number][], options: { bold?: boolean; rightFrom?: number } = {}): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
  const y = doc.y;
  let x = MARGIN;
  doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
  cells.forEach(([text, width], i) => {
    const align = i >= (options.rightFrom ?? cells.length) ? 'right' : 'left';
    doc.text(printable(text), x, y, { width: width - 4, align, lineBreak: false, ellipsis: true });
    x += width;
  });
  doc.x = MARGIN;
  doc.y = y + 12;
}

function heading(doc: Pdf, text: string): void {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text(text, MARGIN);
  doc.moveDown(0.3);
}

/**
 * The printable form of a statement (pdfkit, the standard Helvetica font, nothing fetched):
 * the same figures as the JSON, whose `jws` is the signed form.
 */
export function statementPdf(statement: SignedStatement): Pdf {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Statement ${statement.month}` } });
  const { totals } = statement;
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`Monthly statement ${statement.month}${statement.provisional ? ' (provisional)' : ''}`);
  doc.font('Helvetica').fontSize(9);
  doc.text(printable(`${statement.accountName} (account ${statement.accountId})`));
  doc.text(`Billing days ${statement.from} to ${statement.to}, amounts in ${statement.currency}`);
  if (statement.provisional) doc.text('The month is not over: the figures run to the closing time and will still change.');

  heading(doc, 'Balances');
  const balanceWidths: [number, number, number, number] = [195, 100, 100, 100];
  const balance = (label: string, b: SignedStatement['opening']) =>
    row(
      doc,
      [label, b.cash, b.gift, b.vouchers].map((text, i) => [text, balanceWidths[i]] as [string, number]),
      { rightFrom: 1 },
    );
  row(
    doc,
    ['', 'cash', 'gift', 'vouchers'].map((text, i) => [text, balanceWidths[i]] as [string, number]),
    { bold: true, rightFrom: 1 },
  );
  balance(`Opening, ${statement.opening.at}`, statement.opening);
  balance(`Closing, ${statement.closing.at}`, statement.closing);

  heading(doc, 'Totals');
  const total = (label: string, amount: string) =>
    row(
      doc,
      [
        [label, 395],
        [amount, 100],
      ],
      { rightFrom: 1 },
    );
  total('Top-ups, cash', totals.topUps.cash);
  total('Top-ups, gift credit', totals.topUps.gift);
  total(`Pay-as-you-go bills (cash ${totals.paygBills.cash}, gift ${totals.paygBills.gift})`, totals.paygBills.amount);
  total(
    `Prepaid orders (cash ${totals.prepaidOrders.cash}, gift ${totals.prepaidOrders.gift}, vouchers ${totals.prepaidOrders.vouchers})`,
    totals.prepaidOrders.amount,
  );
  total(`Refunds (cash ${totals.refunds.cash}, gift ${totals.refunds.gift})`, totals.refunds.amount);
  total('Vouchers granted', totals.vouchers.granted);
  total('Vouchers used', totals.vouchers.used);
  total('Vouchers expired', totals.vouchers.expired);

  heading(doc, 'Movements');
  const lineWidths: [number, number, number, number, number] = [60, 225, 70, 70, 70];
  const cells = (texts: string[]) => texts.map((text, i) => [text, lineWidths[i]] as [string, number]);
  row(doc, cells(['date', 'description', 'cash', 'gift', 'vouchers']), { bold: true, rightFrom: 2 });
  for (const line of statement.lines) row(doc, cells([line.date, line.description, line.cash, line.gift, line.vouchers]), { rightFrom: 2 });

  if (statement.paygApps.length > 0) {
    heading(doc, 'Pay-as-you-go bills by app');
    const appWidths: [number, number, number, number, number] = [195, 60, 80, 80, 80];
    const appCells = (texts: string[]) => texts.map((text, i) => [text, appWidths[i]] as [string, number]);
    row(doc, appCells(['app', 'days', 'charged days', 'DAU', 'amount']), { bold: true, rightFrom: 1 });
    for (const app of statement.paygApps) {
      row(doc, appCells([app.name ?? app.appId, String(app.days), String(app.chargedDays), String(app.dau), app.amount]), { rightFrom: 1 });
    }
  }

  doc.moveDown(1).font('Helvetica').fontSize(7);
  doc.text(
    'The JSON form of this statement carries `jws`, an Ed25519 signature verifiable with the keys of /.well-known/jwks.json.',
    MARGIN,
    doc.y,
    {
      width: WIDTH,
    },
  );
  doc.end();
  return doc;
}
