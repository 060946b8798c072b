import { describe, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { isDeliveryReport, readDeliveryReport } from './delivery-report.js';

const parse = (raw: string) => simpleParser(raw, { keepDeliveryStatus: true, ignoreEmbedded: true });
const report = (type: string, status: string, returned: string, headers = '') =>
  [
    'From: MAILER-DAEMON@mx.example.org',
    headers,
    `Content-Type: multipart/report; report-type=${type}; boundary=b`,
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Delivery failed.',
    '--b',
    `Content-Type: message/${type}`,
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    status,
    returned,
    '--b--',
    '',
  ]
    .filter((line, i) => i !== 1 || line)
    .join('\r\n');

describe('delivery status notifications', () => {
  it("reads the failed recipients, their reasons without the type, and the returned message's Message-ID", async () => {
    const mail = await parse(
      report(
        'delivery-status',
        'Final-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <a@example.org>:\r\n  User unknown\r\n\r\nFinal-Recipient: rfc822; b@example.org\r\nAction: delayed\r\nStatus: 4.2.2\r\n\r\nFinal-Recipient: rfc822; c@example.org\r\nAction: failed\r\nStatus: 5.2.2\r\n',
        '--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: room@ieum.test\r\nMessage-ID:\r\n <orig-1@ieum.test>\r\nSubject: hi\r\n\r\nbody\r\n',
      ),
    );
    expect(isDeliveryReport(mail)).toBe(true);
    expect(readDeliveryReport(mail)).toEqual({
      failed: [
        { recipient: 'a@example.org', reason: '550 5.1.1 <a@example.org>: User unknown' },
        { recipient: 'c@example.org', reason: '5.2.2' },
      ],
      messageIds: ['<orig-1@ieum.test>'],
    });
  });

  it("falls back on the report's own In-Reply-To and References when nothing of the mail is returned", async () => {
    const mail = await parse(
      report(
        'delivery-status',
        'Final-Recipient: rfc822; a@example.org\r\nAction: failed\r\n',
        '',
        'In-Reply-To: <orig-2@ieum.test>\r\nReferences: <first@partner.example> <orig-2@ieum.test>',
      ),
    );
    expect(readDeliveryReport(mail)?.messageIds).toEqual(['<orig-2@ieum.test>', '<first@partner.example>']);
  });

  it('is not a read receipt, nor a report without a status part', async () => {
    const receipt = await parse(
      report(
        'disposition-notification',
        'Final-Recipient: rfc822; a@example.org\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n',
        '',
      ),
    );
    expect(isDeliveryReport(receipt)).toBe(false);
    expect(
      readDeliveryReport(
        await parse(
          'Subject: x\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n',
        ),
      ),
    ).toBeNull();
  });
});
