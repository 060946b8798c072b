import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ConsultationClosureEntity } from './consultation-closure.entity.js';
import { ConsultationExceptionEntity } from './consultation-exception.entity.js';
import { ConsultationScheduleEntity } from './consultation-schedule.entity.js';
import { ConsultationTopicEntity } from './consultation-topic.entity.js';

export type SchedulePatch = Omit<ConsultationScheduleEntity, 'investigator' | 'agency' | 'updatedAt'>;

/** What consultations are offered by: agency topics and closures, investigators' schedules and their exceptions. */
@Injectable()
export class ConsultationSettingsRepository {
  constructor(
    @InjectRepository(ConsultationScheduleEntity) private readonly schedules: Repository<ConsultationScheduleEntity>,
    @InjectRepository(ConsultationTopicEntity) private readonly topics: Repository<ConsultationTopicEntity>,
    @InjectRepository(ConsultationExceptionEntity) private readonly exceptions: Repository<ConsultationExceptionEntity>,
    @InjectRepository(ConsultationClosureEntity) private readonly closures: Repository<ConsultationClosureEntity>,
  ) {}

  async insertTopic(agencyId: string, name: string, nameEn: string | null): Promise<ConsultationTopicEntity> {
    await this.topics.createQueryBuilder().insert().values({ agencyId, name, nameEn }).orIgnore().execute();
    return this.topics.findOneByOrFail({ agencyId, name });
  }

  async listTopics(agencyId: string): Promise<ConsultationTopicEntity[]> {
    return this.topics.find({ where: { agencyId, active: true }, order: { name: 'ASC' } });
  }

  /** Active topics that someone takes (an active investigator's schedule names them or takes every topic), of one agency or of all. */
  async offeredTopics(agencyId: string | null): Promise<ConsultationTopicEntity[]> {
    return this.topics
      .createQueryBuilder('t')
      .where('t.active')
      .andWhere('(CAST(:agencyId AS uuid) IS NULL OR t.agency_id = CAST(:agencyId AS uuid))', { agencyId })
      .andWhere(
        `EXISTS (SELECT 1 FROM consultation_schedules s
                   JOIN users u ON u.id = s.investigator_id AND u.disabled_at IS NULL AND u.agency_id = s.agency_id
                  WHERE s.agency_id = t.agency_id AND s.active AND (cardinality(s.topic_ids) = 0 OR t.id = ANY(s.topic_ids)))`,
      )
      .orderBy('t.name')
      .addOrderBy('t.id')
      .getMany();
  }

  async retireTopic(agencyId: string, id: string): Promise<boolean> {
    return ((await this.topics.update({ id, agencyId, active: true }, { active: false })).affected ?? 0) > 0;
  }

  async findTopic(id: string): Promise<ConsultationTopicEntity | null> {
    return this.topics.findOneBy({ id, active: true });
  }

  async upsertSchedule(schedule: SchedulePatch): Promise<ConsultationScheduleEntity> {
    await this.schedules.upsert(schedule, ['investigatorId']);
    return this.schedules.findOneByOrFail({ investigatorId: schedule.investigatorId });
  }

  async findSchedule(investigatorId: string): Promise<ConsultationScheduleEntity | null> {
    return this.schedules.findOneBy({ investigatorId });
  }

  /** Active schedules of the agency's investigators who take `topicId` (all of them when null). */
  async schedulesOf(agencyId: string, topicId: string | null): Promise<ConsultationScheduleEntity[]> {
    return this.schedules
      .createQueryBuilder('s')
      .innerJoin('users', 'u', `u.id = s.investigator_id AND u.disabled_at IS NULL AND u.agency_id = s.agency_id`)
      .where('s.agency_id = :agencyId AND s.active', { agencyId })
      .andWhere(
        `(CAST(:topicId AS uuid) IS NULL OR cardinality(s.topic_ids) = 0 OR CAST(:topicId AS uuid) = ANY(s.topic_ids))`,
        { topicId },
      )
      .orderBy('s.investigator_id')
      .getMany();
  }

  async insertException(
    row: Omit<ConsultationExceptionEntity, 'id' | 'investigator'>,
  ): Promise<ConsultationExceptionEntity> {
    return this.exceptions.save(this.exceptions.create(row));
  }

  async deleteException(investigatorId: string, id: string): Promise<boolean> {
    return ((await this.exceptions.delete({ id, investigatorId })).affected ?? 0) > 0;
  }

  async exceptionsOf(
    investigatorIds: string[],
    fromDay: string,
    toDay: string,
  ): Promise<ConsultationExceptionEntity[]> {
    if (investigatorIds.length === 0) return [];
    return this.exceptions
      .createQueryBuilder('e')
      .where('e.investigator_id = ANY(:ids) AND e.day BETWEEN :fromDay AND :toDay', {
        ids: investigatorIds,
        fromDay,
        toDay,
      })
      .orderBy('e.day')
      .getMany();
  }

  async upsertClosure(
    row: Omit<ConsultationClosureEntity, 'id' | 'agency' | 'creator'>,
  ): Promise<ConsultationClosureEntity> {
    await this.closures.upsert(row, ['agencyId', 'day']);
    return this.closures.findOneByOrFail({ agencyId: row.agencyId, day: row.day });
  }

  async deleteClosure(agencyId: string, id: string): Promise<boolean> {
    return ((await this.closures.delete({ id, agencyId })).affected ?? 0) > 0;
  }

  async closuresOf(agencyId: string, fromDay: string, toDay: string): Promise<ConsultationClosureEntity[]> {
    return this.closures
      .createQueryBuilder('c')
      .where('c.agency_id = :agencyId AND c.day BETWEEN :fromDay AND :toDay', { agencyId, fromDay, toDay })
      .orderBy('c.day')
      .getMany();
  }
}
