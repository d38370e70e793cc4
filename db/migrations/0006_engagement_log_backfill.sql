-- Starts the log with what the computed record showed for partnerships in procurement when the log
-- was introduced: every post of a supplier-visible discussion linked to one, "posted" at its
-- created_at with its text as it is now (earlier revisions were never part of the record), then
-- "deleted" or "hidden" where it is removed or hidden now. Inserted oldest first, so entry ids
-- follow time as they do for everything logged afterwards.
WITH linked(partnership_id, discussion_id, owner_title) AS (
  SELECT x.partnership_id, t.discussion_id, t.title FROM thread_partnerships x JOIN threads t ON t.id = x.thread_id
  UNION ALL SELECT x.partnership_id, l.discussion_id, l.title FROM lesson_partnerships x JOIN lessons l ON l.id = x.lesson_id
  UNION ALL SELECT x.partnership_id, m.discussion_id, m.title FROM template_partnerships x JOIN templates m ON m.id = x.template_id
),
shown AS (
  SELECT linked.partnership_id, p.id AS post_id, d.id AS discussion_id, d.owner_kind, linked.owner_title, p.body_md, p.author_id,
         u.name AS author_name, o.name AS organisation_name, o.kind AS organisation_kind, p.interest, p.created_at, p.deleted_at, p.hidden_at
  FROM linked
  JOIN partnerships pa ON pa.id = linked.partnership_id AND pa.status = 'in-procurement'
  JOIN discussions d ON d.id = linked.discussion_id AND d.audience = 'members'
  JOIN posts p ON p.discussion_id = d.id
  JOIN users u ON u.id = p.author_id
  JOIN organisations o ON o.id = u.organisation_id
),
changes(partnership_id, post_id, discussion_id, owner_kind, owner_title, change, body_md, author_id, author_name, organisation_name, organisation_kind, interest, at, step) AS (
  SELECT partnership_id, post_id, discussion_id, owner_kind, owner_title, 'posted', body_md, author_id, author_name, organisation_name, organisation_kind, interest, created_at, 0 FROM shown
  UNION ALL SELECT partnership_id, post_id, discussion_id, owner_kind, owner_title, 'hidden', body_md, author_id, author_name, organisation_name, organisation_kind, interest, hidden_at, 1 FROM shown WHERE hidden_at IS NOT NULL
  UNION ALL SELECT partnership_id, post_id, discussion_id, owner_kind, owner_title, 'deleted', body_md, author_id, author_name, organisation_name, organisation_kind, interest, deleted_at, 2 FROM shown WHERE deleted_at IS NOT NULL
)
INSERT INTO `engagement_entries` (partnership_id, post_id, discussion_id, owner_kind, owner_title, change, body_md, author_id, author_name, organisation_name, organisation_kind, interest, at)
SELECT partnership_id, post_id, discussion_id, owner_kind, owner_title, change, body_md, author_id, author_name, organisation_name, organisation_kind, interest, at
FROM changes ORDER BY at, post_id, step;
