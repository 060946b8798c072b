import { Injectable } from '@nestjs/common';
import { ConsultationSettingsService } from '../consultations/consultation-settings.service.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MeetingService } from '../meetings/meeting.service.js';
import { MeetingKind } from '../meetings/meetings.types.js';
import { MemoService } from '../memos/memo.service.js';
import { RoomService } from '../messenger/room.service.js';
import { RoomKind } from '../messenger/messenger.types.js';
import { TaskService } from '../tasks/task.service.js';
import { TaskPriority } from '../tasks/tasks.types.js';
import { WallService } from '../wall/wall.service.js';
import { DEMO_COMMITTEE_GUEST } from './demo-organisation.js';

const SEOUL_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * What the demo organisation has to show on its first day: a collaboration room with tasks, memo
 * reports with an answer, wall posts, meetings (one with an outside committee member) and an
 * investigator's published hours. Everything goes through the domain services, as a person's
 * action would, so rooms, cards, DMs, invitations and outbox events are made the usual way; the
 * source and client keys make a repeated run find what an earlier one made.
 */
@Injectable()
export class DemoContentService {
  constructor(
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly rooms: RoomService,
    private readonly tasks: TaskService,
    private readonly memos: MemoService,
    private readonly walls: WallService,
    private readonly meetings: MeetingService,
    private readonly consultations: ConsultationSettingsService,
  ) {}

  async seed(now = new Date()): Promise<void> {
    const as = await this.people([
      'admin',
      'kim.mois',
      'lee.acrc',
      'seo.acrc',
      'park.klid',
      'choi.seoul',
      'yoon.seoul',
      'jung.jongno',
      'han.dong',
    ]);
    const agency = async (code: string) => (await this.agencies.findByCode(code))?.id ?? '';

    // Published hours: weekdays 10:00–12:00 and 14:00–17:00 in Seoul, half-hour slots, two topics.
    const topics = [
      await this.consultations.addTopic(as['seo.acrc'], { name: '고충민원 상담', nameEn: 'Grievance consultation' }),
      await this.consultations.addTopic(as['seo.acrc'], {
        name: '행정심판 절차 안내',
        nameEn: 'Administrative appeal procedure',
      }),
    ];
    await this.consultations.setSchedule(as['lee.acrc'], {
      timeZone: 'Asia/Seoul',
      slotMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      horizonDays: 30,
      minNoticeMinutes: 120,
      weeklyRules: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, start: '10:00', end: '12:00' },
        { weekday, start: '14:00', end: '17:00' },
      ]),
      topicIds: topics.map((t) => t.id),
    });

    const room = await this.rooms.create(as['kim.mois'], {
      kind: RoomKind.Collaboration,
      name: '지방행정 협업 TF',
      topic: '행정안전부·서울특별시·한국지역정보개발원 협업 과제를 함께 챙기는 방',
      userIds: [as['admin'].userId, as['park.klid'].userId, as['choi.seoul'].userId, as['han.dong'].userId],
    });

    await this.tasks.create(as['kim.mois'], {
      title: '2027년 지방행정 협업과제 발굴',
      description: '시·도와 읍면동이 함께 풀 과제 후보를 모으고, 관계기관 의견을 받아 정리합니다.',
      roomId: room.id,
      assigneeIds: [as['choi.seoul'].userId, as['han.dong'].userId],
      dueAt: new Date(now.getTime() + 7 * DAY_MS),
      priority: TaskPriority.High,
      checklist: ['과제 후보 정리', '관계기관 의견 수렴', '최종안 보고'],
      sourceKey: 'demo-seed:task:collaboration',
    });
    await this.tasks.create(as['kim.mois'], {
      title: '지자체 정보시스템 보안 점검 결과 취합',
      roomId: room.id,
      assigneeIds: [as['park.klid'].userId],
      dueAt: new Date(now.getTime() + 3 * DAY_MS),
      checklist: ['점검표 배포', '결과 취합'],
      sourceKey: 'demo-seed:task:security',
    });
    await this.tasks.create(as['admin'], {
      title: '읍면동 영상 민원상담 시범 운영',
      description: '청운효자동 민원창구에서 국민권익위원회 조사관과 영상으로 상담을 잇는 시범 운영입니다.',
      assigneeIds: [as['lee.acrc'].userId, as['han.dong'].userId],
      agencyIds: [await agency('1140100'), await agency('3000001')],
      dueAt: new Date(now.getTime() + 14 * DAY_MS),
      sourceKey: 'demo-seed:task:pilot',
    });

    const memo = await this.memos.send(as['kim.mois'], {
      title: '지방자치단체 협업 우수사례 제출 요청',
      body: '기관별 협업 우수사례를 1건 이상 기한까지 의견으로 제출해 주십시오. 사례가 없으면 "해당 없음"으로 답해 주시기 바랍니다.',
      agencyIds: [await agency('6110000'), await agency('3000000')],
      deadlineAt: new Date(now.getTime() + 5 * DAY_MS),
      opinionRequested: true,
      sourceKey: 'demo-seed:memo:best-practice',
    });
    await this.memos.acknowledge(as['choi.seoul'], memo.memo.id);
    await this.memos.giveOpinion(as['choi.seoul'], memo.memo.id, {
      text: '서울시 120 다산콜과 자치구 민원 연계 사례를 제출합니다.',
    });
    await this.memos.acknowledge(as['jung.jongno'], memo.memo.id);
    await this.memos.send(as['admin'], {
      title: '디지털정부 추진 현황 공유',
      body: '이번 분기 디지털정부 추진 현황을 공유합니다. 확인하시면 "확인"을 눌러 주세요.',
      userIds: [as['lee.acrc'].userId, as['park.klid'].userId],
      sourceKey: 'demo-seed:memo:status',
    });

    const government = (await this.walls.list(as['kim.mois'])).find((w) => w.kind === 'government');
    if (government) {
      const { post } = await this.walls.post(as['kim.mois'], government.id, {
        body: '이음 시범 운영을 시작했습니다. 불편한 점이나 좋은 점을 자유롭게 남겨 주세요.',
        clientKey: 'demo-seed-wall-1',
      });
      await this.walls.like(as['park.klid'], post.id, true);
      await this.walls.comment(as['han.dong'], post.id, { body: '읍면동에서도 잘 쓰고 있습니다!' });
      await this.walls.post(as['choi.seoul'], government.id, {
        body: '다음 주 협업 워크숍 장소가 정부서울청사로 바뀌었습니다.',
        clientKey: 'demo-seed-wall-2',
      });
    }
    const ideas =
      (await this.walls.list(as['admin'])).find((w) => w.kind === 'topic' && w.name === '업무 개선 제안') ??
      (await this.walls.createTopic(as['admin'], { name: '업무 개선 제안', allowAnonymous: true }));
    await this.walls.post(as['han.dong'], ideas.id, {
      body: '민원 서식을 모바일에서도 바로 작성할 수 있으면 좋겠습니다.',
      anonymous: true,
      clientKey: 'demo-seed-wall-3',
    });

    await this.meetings.schedule(
      as['kim.mois'],
      {
        title: '주간 협업 점검 회의',
        startsAt: seoulTime(now, 1, 14, 0),
        durationMinutes: 60,
        timeZone: 'Asia/Seoul',
        recurrence: 'FREQ=WEEKLY;COUNT=4',
        roomId: room.id,
        agenda: '협업과제 진행 상황, 다음 주 일정',
        userIds: [as['admin'].userId, as['park.klid'].userId, as['choi.seoul'].userId, as['han.dong'].userId],
        sourceKey: 'demo-seed:meeting:weekly',
      },
      now,
    );
    await this.meetings.schedule(
      as['admin'],
      {
        title: '정부혁신 자문위원회 정례회의',
        kind: MeetingKind.AdvisoryCommittee,
        startsAt: seoulTime(now, 3, 15, 0),
        durationMinutes: 90,
        timeZone: 'Asia/Seoul',
        lobby: true,
        agenda: '2027년 정부혁신 과제 자문',
        userIds: [as['kim.mois'].userId],
        guests: [{ email: DEMO_COMMITTEE_GUEST.email, name: DEMO_COMMITTEE_GUEST.name }],
        sourceKey: 'demo-seed:meeting:committee',
      },
      now,
    );
  }

  /** Each demo person as the principal their own request would carry. */
  private async people<L extends string>(logins: L[]): Promise<Record<L, Principal>> {
    const found = await this.users.findByLogins(logins);
    const out = {} as Record<L, Principal>;
    for (const login of logins) {
      const user = found.find((u) => u.login === login);
      if (!user) throw new Error(`demo person ${login} is missing`);
      out[login] = {
        userId: user.id,
        kind: user.kind,
        agencyId: user.agencyId,
        roles: user.roles,
        tokenId: 'demo-seed',
        tokenExpiresAt: 0,
      };
    }
    return out;
  }
}

/** `hour:minute` in Seoul on the first weekday at least `days` days after `now`'s Seoul date. */
export function seoulTime(now: Date, days: number, hour: number, minute: number): Date {
  const local = new Date(now.getTime() + SEOUL_OFFSET_MS);
  let day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) + days * DAY_MS;
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY_MS;
  return new Date(day + (hour * 60 + minute) * 60_000 - SEOUL_OFFSET_MS);
}
