/**
 * What an agency's archive holds, one JSON Lines file each. Every query takes the agency ($1), the
 * range's start and end ($2, $3: created, or for meetings and consultations starting, within it),
 * and the last id of the previous batch ($4), and returns at most $5 rows in id order, so a dataset
 * is read in batches and never held whole.
 */
export interface Dataset {
  name: string;
  /** The rows, each with its `id`; keyset-paged on it. */
  sql: string;
}

/** Rooms the agency takes part in: its own, and any with one of its people as a member. */
const ROOMS = `SELECT r.id FROM rooms r WHERE r.agency_id = $1 OR EXISTS (SELECT 1 FROM room_members rm JOIN users ru ON ru.id = rm.user_id WHERE rm.room_id = r.id AND ru.agency_id = $1)`;
/** Memos the agency wrote or received. */
const MEMOS = `SELECT mm.id FROM memos mm WHERE mm.author_agency_id = $1 OR EXISTS (SELECT 1 FROM memo_recipients mr WHERE mr.memo_id = mm.id AND mr.agency_id = $1)`;
/**
 * Posts on the agency's own walls (its agency wall and its topic walls), and the posts its people
 * signed on walls shared with others; an anonymous post elsewhere stays out, since its place in the
 * agency's archive would name the agency of its author.
 */
const WALL_POSTS = `SELECT wp.id FROM wall_posts wp JOIN walls ww ON ww.id = wp.wall_id LEFT JOIN users wu ON wu.id = wp.author_id
  WHERE ww.agency_id = $1 OR (wp.anonymous = false AND wu.agency_id = $1)`;
const PAGE = `ORDER BY id LIMIT $5`;
const IN_RANGE = (column: string) => `${column} >= $2 AND ${column} < $3`;

export const DATASETS: readonly Dataset[] = [
  {
    name: 'rooms',
    sql: `SELECT * FROM (SELECT r.id, r.kind, r.name, r.topic, r.agency_id, r.created_at, r.archived_at,
            (SELECT coalesce(json_agg(json_build_object('user_id', m.user_id, 'login', u.login, 'display_name', u.display_name, 'agency_id', u.agency_id, 'role', m.role, 'joined_at', m.joined_at) ORDER BY m.joined_at, m.user_id), '[]') FROM room_members m JOIN users u ON u.id = m.user_id WHERE m.room_id = r.id) AS members
          FROM rooms r WHERE r.id IN (${ROOMS})) x WHERE id > $4 AND $2::timestamptz IS NOT NULL AND $3::timestamptz IS NOT NULL ${PAGE}`,
  },
  {
    name: 'messages',
    sql: `SELECT m.id, m.room_id, m.seq, m.thread_root_id, m.reply_count, m.kind, m.sender_id, u.login AS sender_login, u.display_name AS sender_name,
            CASE WHEN m.deleted_at IS NULL THEN m.body END AS body, m.edited_at, m.deleted_at, m.created_at
          FROM messages m LEFT JOIN users u ON u.id = m.sender_id
          WHERE m.room_id IN (${ROOMS}) AND ${IN_RANGE('m.created_at')} AND m.id > $4 ORDER BY m.id LIMIT $5`,
  },
  {
    name: 'files',
    sql: `SELECT f.id, f.room_id, f.message_id, f.owner_kind, f.owner_id, f.uploader_id, f.name, f.content_type, f.size::bigint AS size, f.sha256, f.storage_key, f.created_at
          FROM files f
          WHERE ${IN_RANGE('f.created_at')} AND f.id > $4
            AND (f.room_id IN (${ROOMS}) OR (f.owner_kind IN ('memo', 'opinion') AND f.owner_id IN (${MEMOS})) OR (f.owner_kind = 'wall_post' AND f.owner_id IN (${WALL_POSTS})))
          ORDER BY f.id LIMIT $5`,
  },
  {
    name: 'tasks',
    sql: `SELECT t.id, t.title, t.description, t.owner_agency_id, t.created_by, t.status, t.priority, t.due_at, t.room_id, t.created_at, t.updated_at,
            (SELECT coalesce(json_agg(json_build_object('user_id', tm.user_id, 'role', tm.role) ORDER BY tm.user_id), '[]') FROM task_members tm WHERE tm.task_id = t.id) AS members,
            (SELECT coalesce(json_agg(ta.agency_id ORDER BY ta.agency_id), '[]') FROM task_agencies ta WHERE ta.task_id = t.id) AS agencies,
            (SELECT coalesce(json_agg(json_build_object('text', c.text, 'done_at', c.done_at, 'done_by', c.done_by) ORDER BY c.position), '[]') FROM task_checklist_items c WHERE c.task_id = t.id) AS checklist
          FROM tasks t
          WHERE (t.owner_agency_id = $1 OR EXISTS (SELECT 1 FROM task_agencies x WHERE x.task_id = t.id AND x.agency_id = $1)) AND ${IN_RANGE('t.created_at')} AND t.id > $4
          ORDER BY t.id LIMIT $5`,
  },
  {
    name: 'memos',
    sql: `SELECT m.id, m.author_id, a.login AS author_login, m.author_agency_id, m.title, m.body, m.deadline_at, m.opinion_requested, m.created_at,
            (SELECT coalesce(json_agg(json_build_object('kind', t.kind, 'target_id', t.target_id, 'name', t.name) ORDER BY t.name), '[]') FROM memo_targets t WHERE t.memo_id = m.id) AS targets,
            (SELECT coalesce(json_agg(json_build_object('user_id', r.user_id, 'login', u.login, 'agency_id', r.agency_id, 'via', r.via, 'delivered_at', r.delivered_at, 'read_at', r.read_at,
                      'acknowledged_at', r.acknowledged_at, 'opinion', r.opinion, 'opinion_at', r.opinion_at) ORDER BY u.login), '[]')
               FROM memo_recipients r JOIN users u ON u.id = r.user_id WHERE r.memo_id = m.id) AS recipients
          FROM memos m LEFT JOIN users a ON a.id = m.author_id
          WHERE m.id IN (${MEMOS}) AND ${IN_RANGE('m.created_at')} AND m.id > $4 ORDER BY m.id LIMIT $5`,
  },
  {
    // An anonymous post or comment keeps its author only inside Ieum (for moderation): the archive leaves it out.
    name: 'wall_posts',
    sql: `SELECT p.id, p.wall_id, w.kind AS wall_kind, w.name AS wall_name, p.anonymous,
            CASE WHEN p.anonymous THEN NULL ELSE p.author_id END AS author_id, CASE WHEN p.anonymous THEN NULL ELSE u.login END AS author_login,
            CASE WHEN p.deleted_at IS NULL THEN p.body END AS body, p.like_count, p.hidden_at, p.deleted_at, p.created_at,
            (SELECT coalesce(json_agg(json_build_object('id', c.id, 'anonymous', c.anonymous, 'author_id', CASE WHEN c.anonymous THEN NULL ELSE c.author_id END,
                      'body', CASE WHEN c.deleted_at IS NULL THEN c.body END, 'hidden_at', c.hidden_at, 'deleted_at', c.deleted_at, 'created_at', c.created_at) ORDER BY c.created_at, c.id), '[]')
               FROM wall_comments c WHERE c.post_id = p.id) AS comments
          FROM wall_posts p JOIN walls w ON w.id = p.wall_id LEFT JOIN users u ON u.id = p.author_id
          WHERE p.id IN (${WALL_POSTS}) AND ${IN_RANGE('p.created_at')} AND p.id > $4 ORDER BY p.id LIMIT $5`,
  },
  {
    name: 'meetings',
    sql: `SELECT m.id, m.title, m.kind, m.status, m.host_id, m.agency_id, m.starts_at, m.duration_minutes, m.time_zone, m.recurrence, m.agenda, m.room_id,
            m.started_at, m.ended_at, m.cancelled_at, m.attended_count, m.attended_minutes, m.created_at,
            (SELECT coalesce(json_agg(json_build_object('id', p.id, 'user_id', p.user_id, 'email', p.email, 'display_name', p.display_name, 'role', p.role, 'invited_via', p.invited_via) ORDER BY p.created_at, p.id), '[]')
               FROM meeting_participants p WHERE p.meeting_id = m.id) AS participants,
            (SELECT coalesce(json_agg(json_build_object('participant_id', a.participant_id, 'source', a.source, 'joined_at', a.joined_at, 'left_at', a.left_at) ORDER BY a.joined_at, a.id), '[]')
               FROM meeting_attendance a WHERE a.meeting_id = m.id) AS attendance
          FROM meetings m WHERE m.agency_id = $1 AND ${IN_RANGE('m.starts_at')} AND m.id > $4 ORDER BY m.id LIMIT $5`,
  },
  {
    // What retention has not yet cleared: an anonymised consultation keeps no citizen data to export.
    name: 'consultations',
    sql: `SELECT c.id, c.topic_id, c.investigator_id, c.meeting_id, c.status, c.starts_at, c.ends_at, c.citizen_name, c.citizen_email, c.citizen_phone, c.summary, c.case_number,
            c.locale, c.time_zone, c.booked_via, c.booked_by, c.confirmed_at, c.cancelled_at, c.no_show_at, c.outcome_notes, c.anonymised_at, c.created_at
          FROM consultations c WHERE c.agency_id = $1 AND ${IN_RANGE('c.starts_at')} AND c.id > $4 ORDER BY c.id LIMIT $5`,
  },
];
