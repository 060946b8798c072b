import { describe, expect, it } from '@jest/globals';
import type { AuthenticateResult } from 'mailauth';
import { authenticatedFromDomain, failsAuthentication } from './mail-auth.js';

describe('failsAuthentication', () => {
  it.each([
    [{ spf: 'pass', dkim: 'pass', dmarc: 'pass' }, false],
    [{ spf: 'fail', dkim: 'none', dmarc: 'pass' }, false],
    [{ spf: 'pass', dkim: 'pass', dmarc: 'fail' }, true],
    [{ spf: 'fail', dkim: 'none', dmarc: 'none' }, true],
    [{ spf: 'fail', dkim: 'fail', dmarc: 'none' }, true],
    [{ spf: 'fail', dkim: 'pass', dmarc: 'none' }, false],
    [{ spf: 'softfail', dkim: 'none', dmarc: 'none' }, false],
    [{ spf: 'none', dkim: 'none', dmarc: 'none' }, false],
    [{ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror' }, false],
    [{ spf: 'fail', dkim: 'none', dmarc: 'temperror' }, true],
  ])('%o → %s', (verdicts, fails) => {
    expect(failsAuthentication(verdicts)).toBe(fails);
  });
});

describe('authenticatedFromDomain', () => {
  type Parts = Pick<AuthenticateResult, 'dkim' | 'spf' | 'dmarc'>;
  const result = (o: {
    from?: string[];
    fields?: number;
    spf?: [string, string];
    dkim?: Array<[string, string | false]>;
    dmarc?: string;
  }): Parts =>
    ({
      dkim: {
        headerFrom: o.from ?? ['lee@mois.go.kr'],
        fromFields: o.fields ?? 1,
        envelopeFrom: false,
        results: (o.dkim ?? []).map(([r, aligned]) => ({ status: { result: r, aligned } })),
      },
      spf: o.spf ? { domain: o.spf[1], status: { result: o.spf[0] } } : false,
      dmarc: o.dmarc ? { status: { result: o.dmarc } } : false,
    }) as unknown as Parts;

  it('takes a DMARC pass, and refuses a DMARC fail whatever SPF and DKIM said', () => {
    expect(authenticatedFromDomain(result({ dmarc: 'pass' }))).toBe('mois.go.kr');
    expect(
      authenticatedFromDomain(result({ dmarc: 'fail', spf: ['pass', 'mois.go.kr'], dkim: [['pass', 'mois.go.kr']] })),
    ).toBeNull();
  });

  it('without a DMARC record, takes an aligned SPF or DKIM pass only', () => {
    expect(authenticatedFromDomain(result({ spf: ['pass', 'mois.go.kr'] }))).toBe('mois.go.kr');
    expect(authenticatedFromDomain(result({ spf: ['pass', 'mail.mois.go.kr'] }))).toBe('mois.go.kr');
    expect(authenticatedFromDomain(result({ spf: ['pass', 'bulk-sender.example'] }))).toBeNull();
    expect(authenticatedFromDomain(result({ spf: ['softfail', 'mois.go.kr'] }))).toBeNull();
    expect(authenticatedFromDomain(result({ dkim: [['pass', 'mois.go.kr']] }))).toBe('mois.go.kr');
    expect(authenticatedFromDomain(result({ dkim: [['pass', false]] }))).toBeNull();
    expect(authenticatedFromDomain(result({ dkim: [['fail', 'mois.go.kr']] }))).toBeNull();
    expect(authenticatedFromDomain(result({ dmarc: 'temperror', spf: ['pass', 'mois.go.kr'] }))).toBe('mois.go.kr');
  });

  it('proves nothing for no From, two From domains, or two From fields', () => {
    expect(authenticatedFromDomain(result({ from: [], dmarc: 'pass' }))).toBeNull();
    expect(authenticatedFromDomain(result({ from: ['a@mois.go.kr', 'b@spoof.example'], dmarc: 'pass' }))).toBeNull();
    expect(authenticatedFromDomain(result({ fields: 2, dmarc: 'pass' }))).toBeNull();
  });
});
