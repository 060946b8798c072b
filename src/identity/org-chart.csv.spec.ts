import { describe, expect, it } from '@jest/globals';
import { orderAgencies, parseOrgChart } from './org-chart.csv.js';

const HEADER = 'agency_code,agency_name,agency_kind,parent_code,department,login,display_name,email,position,roles';

describe('parseOrgChart', () => {
  it('reads agencies, departments and users, once each', () => {
    const parsed = parseOrgChart(
      [
        HEADER,
        '6110000,서울특별시,metropolitan_government,,,,,,,',
        '3000000,서울특별시 종로구,basic_government,6110000,총무과,Kim.Jongno,김종로,kim@jongno.go.kr,주무관,agency_admin',
        '3000000,서울특별시 종로구,basic_government,6110000,총무과,lee.jongno,이종로,,,',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.agencies.map((a) => a.code)).toEqual(['6110000', '3000000']);
    expect(parsed.departments).toEqual([{ agencyCode: '3000000', name: '총무과' }]);
    expect(parsed.users.map((u) => [u.login, u.roles])).toEqual([
      ['kim.jongno', ['agency_admin']],
      ['lee.jongno', ['member']],
    ]);
  });

  it('names every bad row by its line in the file', () => {
    const parsed = parseOrgChart(
      [
        HEADER,
        '1741000,행정안전부,central_ministry,,,,,,,',
        '1741000,행정안전부,ministry,,,a.b,에이,,,',
        '1741000,행정안전부,central_ministry,,,x.y,,not-an-email,,root',
        '1741000,행정안전부,central_ministry,,,x.y,엑스,,,',
        '1741000,행정안전부,central_ministry,,,X.Y,엑스,,,',
      ].join('\n'),
    );
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(parsed.problems[0]?.problems.join()).toMatch(/agency_kind/);
    expect(parsed.problems[1]?.problems.join()).toMatch(/display_name.*email.*root/s);
    expect(parsed.problems[2]?.problems.join()).toMatch(/x\.y appears already on line 4/);
    expect(parsed.problems[3]?.problems.join()).toMatch(/x\.y appears already on line 4/);
  });

  it('refuses a file without the columns it needs', () => {
    const parsed = parseOrgChart('code,name\n1,a\n');
    expect(parsed.problems).toEqual([{ line: 1, problems: [expect.stringMatching(/lacks column/)] }]);
  });

  it('orders parents first and reports cycles', () => {
    const parsed = parseOrgChart(
      [HEADER, 'C,c,eup_myeon_dong,B,,,,,,', 'B,b,basic_government,A,,,,,,', 'A,a,metropolitan_government,,,,,,,'].join(
        '\n',
      ),
    );
    expect(orderAgencies(parsed.agencies).ordered.map((a) => a.code)).toEqual(['A', 'B', 'C']);
    const cyclic = parseOrgChart([HEADER, 'X,x,basic_government,Y,,,,,,', 'Y,y,basic_government,X,,,,,,'].join('\n'));
    expect(orderAgencies(cyclic.agencies).problems).toHaveLength(1);
  });
});
