import { IeumException } from '../common/ieum.exception.js';
import type { OrgChartProblem } from './org-chart.csv.js';

export const AdminExceptionCode = {
  AdminsOnly: 'ADMIN_ONLY',
  OutOfScope: 'ADMIN_OUT_OF_SCOPE',
  SystemRole: 'ADMIN_SYSTEM_ROLE',
  Self: 'ADMIN_SELF',
  OrgChartInvalid: 'ORG_CHART_INVALID',
  OrgChartTooLarge: 'ORG_CHART_TOO_LARGE',
} as const;
export type AdminExceptionCode = (typeof AdminExceptionCode)[keyof typeof AdminExceptionCode];

/** What administration refuses: who may administer whom, and org charts that cannot be imported. */
export class AdminException extends IeumException<AdminExceptionCode> {
  static adminsOnly(): AdminException {
    return new AdminException(
      AdminExceptionCode.AdminsOnly,
      { en: 'Only agency or system administrators may do this.', ko: '기관 관리자나 시스템 관리자만 할 수 있습니다.' },
      'forbidden',
    );
  }

  static outOfScope(): AdminException {
    return new AdminException(
      AdminExceptionCode.OutOfScope,
      {
        en: 'That agency (or person) is not one you administer: agency administrators manage their own agency and the agencies under it.',
        ko: '관리 권한이 없는 기관(또는 사용자)입니다. 기관 관리자는 자기 기관과 그 하위 기관만 관리합니다.',
      },
      'forbidden',
    );
  }

  static systemRole(): AdminException {
    return new AdminException(
      AdminExceptionCode.SystemRole,
      {
        en: 'Only a system administrator may give or take the system administrator role, or change a system administrator.',
        ko: '시스템 관리자 권한을 주거나 거두는 일, 시스템 관리자의 계정을 바꾸는 일은 시스템 관리자만 할 수 있습니다.',
      },
      'forbidden',
    );
  }

  static self(what: 'disable' | 'roles'): AdminException {
    return new AdminException(
      AdminExceptionCode.Self,
      what === 'disable'
        ? {
            en: 'You cannot disable your own account; ask another administrator.',
            ko: '자기 계정은 사용 중지할 수 없습니다. 다른 관리자에게 요청하세요.',
          }
        : {
            en: 'You cannot take away your own administrator role; ask another administrator.',
            ko: '자기 관리자 권한은 거둘 수 없습니다. 다른 관리자에게 요청하세요.',
          },
      'conflict',
      { what },
    );
  }

  static orgChartInvalid(problems: OrgChartProblem[]): AdminException {
    const lines = problems.map((p) => p.line);
    return new AdminException(
      AdminExceptionCode.OrgChartInvalid,
      {
        en: `The org chart was not imported: ${problems.length} line(s) have problems (${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}). Nothing was written.`,
        ko: `조직도를 가져오지 않았습니다. ${problems.length}개 줄에 문제가 있습니다(${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}번째 줄). 아무것도 저장하지 않았습니다.`,
      },
      'invalid',
      { problems },
    );
  }

  static orgChartTooLarge(maxBytes: number): AdminException {
    return new AdminException(
      AdminExceptionCode.OrgChartTooLarge,
      {
        en: `An org chart may be at most ${maxBytes / 1024 / 1024} MiB; split it into several files.`,
        ko: `조직도 파일은 ${maxBytes / 1024 / 1024}MiB까지 올릴 수 있습니다. 여러 파일로 나누어 올리세요.`,
      },
      'too_large',
      { maxBytes },
    );
  }
}
