package store

// applicationID marks a SQLite file as a kehu ledger ("KEHU").
const applicationID = 0x4B454855

// migrations take the schema from version i to i+1. The ledger's version is
// PRAGMA user_version; a file is copied aside before any migration runs.
var migrations = []string{
	// 0 -> 1: the first schema.
	`
CREATE TABLE customers (
	id             INTEGER PRIMARY KEY,
	name           TEXT    NOT NULL,
	phone          TEXT    NOT NULL DEFAULT '',
	email          TEXT    NOT NULL DEFAULT '',
	wechat         TEXT    NOT NULL DEFAULT '',
	company        TEXT    NOT NULL DEFAULT '',
	industry       TEXT    NOT NULL DEFAULT '',
	kind           TEXT    NOT NULL DEFAULT '',
	source         TEXT    NOT NULL DEFAULT '',
	address        TEXT    NOT NULL DEFAULT '',
	birthday       TEXT    NOT NULL DEFAULT '',
	gender         TEXT    NOT NULL DEFAULT '',
	tags           TEXT    NOT NULL DEFAULT '',
	needs          TEXT    NOT NULL DEFAULT '',
	notes          TEXT    NOT NULL DEFAULT '',
	potential      INTEGER NOT NULL DEFAULT 0,
	pinned         TEXT    NOT NULL DEFAULT '',
	grade          TEXT    NOT NULL DEFAULT 'D',
	score          REAL    NOT NULL DEFAULT 0,
	segment        TEXT    NOT NULL DEFAULT '',
	stage          TEXT    NOT NULL DEFAULT 'prospect',
	total_spend    INTEGER NOT NULL DEFAULT 0,
	purchases      INTEGER NOT NULL DEFAULT 0,
	first_purchase TEXT    NOT NULL DEFAULT '',
	last_purchase  TEXT    NOT NULL DEFAULT '',
	median_gap     REAL    NOT NULL DEFAULT 0,
	opening_spend  INTEGER NOT NULL DEFAULT 0,
	opening_count  INTEGER NOT NULL DEFAULT 0,
	opening_last   TEXT    NOT NULL DEFAULT '',
	win_count      INTEGER NOT NULL DEFAULT 0, -- purchases since settings tiering.window_start
	win_spend      INTEGER NOT NULL DEFAULT 0, -- their amount, fen
	last_contact   TEXT    NOT NULL DEFAULT '',
	next_follow_up TEXT    NOT NULL DEFAULT '',
	created_at     TEXT    NOT NULL,
	updated_at     TEXT    NOT NULL,
	deleted_at     TEXT,
	-- Everything a full regrade reads, packed by SQLite itself on every
	-- write: the driver's cost is per column read, so one column instead of
	-- sixteen makes reading a million customers about 4x faster.
	tier_in        TEXT GENERATED ALWAYS AS (
		purchases || ',' || median_gap || ',' || potential || ',' || opening_spend || ',' || opening_count || ',' ||
		win_count || ',' || win_spend || ',' || score || ',' || first_purchase || ',' || last_purchase || ',' ||
		opening_last || ',' || pinned || ',' || grade || ',' || segment || ',' || stage) STORED
);
CREATE INDEX customers_name        ON customers(name);
CREATE INDEX customers_phone       ON customers(phone);
CREATE INDEX customers_score       ON customers(score);
CREATE INDEX customers_grade       ON customers(grade); -- (grade, rowid): a grade filter reads in id order, no sort
CREATE INDEX customers_total_spend ON customers(total_spend);
CREATE INDEX customers_purchases   ON customers(purchases);
CREATE INDEX customers_last_purchase ON customers(last_purchase);
CREATE INDEX customers_last_contact  ON customers(last_contact);
CREATE INDEX customers_next_follow_up ON customers(next_follow_up);
CREATE INDEX customers_created_at  ON customers(created_at);
-- every column the default view shows can be sorted from an index
CREATE INDEX customers_segment ON customers(segment);
CREATE INDEX customers_stage   ON customers(stage);
CREATE INDEX customers_wechat  ON customers(wechat);
CREATE INDEX customers_company ON customers(company);
CREATE INDEX customers_source  ON customers(source);
CREATE INDEX customers_tags    ON customers(tags);
CREATE INDEX customers_notes   ON customers(notes);
CREATE INDEX customers_email   ON customers(email);
-- the tier summary groups by grade and segment; the agenda scans follow-ups
CREATE INDEX customers_tiers  ON customers(grade, segment, total_spend) WHERE deleted_at IS NULL;
CREATE INDEX customers_agenda ON customers(next_follow_up, grade, last_contact, created_at) WHERE deleted_at IS NULL;

CREATE TABLE purchases (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	date        TEXT    NOT NULL,
	product     TEXT    NOT NULL DEFAULT '',
	qty         INTEGER NOT NULL DEFAULT 1,
	amount      INTEGER NOT NULL,
	note        TEXT    NOT NULL DEFAULT '',
	created_at  TEXT    NOT NULL
);
-- covering index: per-customer scans (aggregates, tiering inputs) never touch the table
CREATE INDEX purchases_customer ON purchases(customer_id, date, amount);
CREATE INDEX purchases_product ON purchases(product);
-- moving the tiering window forward a day reads only that day's purchases
CREATE INDEX purchases_date ON purchases(date, customer_id, amount);

CREATE TABLE contacts (
	id             INTEGER PRIMARY KEY,
	customer_id    INTEGER NOT NULL REFERENCES customers(id),
	at             TEXT    NOT NULL,
	channel        TEXT    NOT NULL,
	kind           TEXT    NOT NULL DEFAULT 'contact',
	summary        TEXT    NOT NULL DEFAULT '',
	outcome        TEXT    NOT NULL DEFAULT '',
	next_follow_up TEXT    NOT NULL DEFAULT '',
	created_at     TEXT    NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id, at);

CREATE TABLE grade_history (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	at          TEXT    NOT NULL,
	old_grade   TEXT    NOT NULL,
	new_grade   TEXT    NOT NULL,
	score       REAL    NOT NULL,
	reason      TEXT    NOT NULL
);
CREATE INDEX grade_history_customer ON grade_history(customer_id, at);
CREATE INDEX grade_history_at ON grade_history(at);

-- every change, with old and new values: the audit trail and the undo stack.
-- state: 0 done, 1 undone (redo-able), 2 undone then superseded by a new change.
CREATE TABLE journal (
	id        INTEGER PRIMARY KEY,
	batch     INTEGER NOT NULL,
	at        TEXT    NOT NULL,
	op        TEXT    NOT NULL,
	entity    TEXT    NOT NULL,
	entity_id INTEGER NOT NULL,
	field     TEXT    NOT NULL DEFAULT '',
	old       TEXT,
	new       TEXT,
	state     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_batch ON journal(state, batch);

CREATE TABLE custom_columns (
	key        TEXT PRIMARY KEY,
	label      TEXT NOT NULL,
	type       TEXT NOT NULL,
	choices    TEXT NOT NULL DEFAULT '',
	position   INTEGER NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE views (
	name       TEXT PRIMARY KEY,
	spec       TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`,
	// 1 -> 2: who looks after a customer (owner, from the staff list), who
	// referred it, its company size, and complaints followed through. A
	// complaint logged before this version was never marked resolved: it
	// opens as an open complaint.
	`
CREATE TABLE staff (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
ALTER TABLE customers ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN referred_by INTEGER; -- customers.id; NULL when none
ALTER TABLE customers ADD COLUMN company_size TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN open_complaints INTEGER NOT NULL DEFAULT 0;
CREATE INDEX customers_owner ON customers(owner);
CREATE INDEX customers_referred_by ON customers(referred_by);
CREATE INDEX customers_company_size ON customers(company_size);
CREATE INDEX customers_open_complaints ON customers(open_complaints);

ALTER TABLE contacts ADD COLUMN complaint   TEXT NOT NULL DEFAULT ''; -- '', 'open' or 'resolved'
ALTER TABLE contacts ADD COLUMN resolution  TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN resolved_on TEXT NOT NULL DEFAULT '';
CREATE INDEX contacts_complaints ON contacts(complaint, at) WHERE complaint != '';
UPDATE contacts SET complaint = 'open' WHERE kind = 'complaint';
UPDATE customers SET open_complaints = (SELECT count(*) FROM contacts k WHERE k.customer_id = customers.id AND k.complaint = 'open')
	WHERE id IN (SELECT customer_id FROM contacts WHERE complaint = 'open');
`,
	// 2 -> 3: every path that adds, moves, resolves or removes a contact
	// (a logged complaint, a bulk load, a merge, an undo) keeps the
	// customer's count of open complaints, so no path can forget it.
	`
CREATE TRIGGER contacts_complaint_opens AFTER INSERT ON contacts
WHEN NEW.kind = 'complaint' AND NEW.complaint = ''
BEGIN
	UPDATE contacts SET complaint = 'open' WHERE id = NEW.id;
END;
CREATE TRIGGER contacts_open_added AFTER INSERT ON contacts
WHEN NEW.complaint = 'open'
BEGIN
	UPDATE customers SET open_complaints = open_complaints + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER contacts_open_removed AFTER DELETE ON contacts
WHEN OLD.complaint = 'open'
BEGIN
	UPDATE customers SET open_complaints = open_complaints - 1 WHERE id = OLD.customer_id;
END;
CREATE TRIGGER contacts_open_changed AFTER UPDATE OF complaint, customer_id ON contacts
WHEN OLD.complaint = 'open' OR NEW.complaint = 'open'
BEGIN
	UPDATE customers SET open_complaints = open_complaints - 1 WHERE id = OLD.customer_id AND OLD.complaint = 'open';
	UPDATE customers SET open_complaints = open_complaints + 1 WHERE id = NEW.customer_id AND NEW.complaint = 'open';
END;
`,
	// 3 -> 4: what the purchase models say of each customer, refitted with
	// every full regrade. NULL is "no estimate": too little data for a fit,
	// no dated purchase, or (model_note) a one-time buyer whose BG/NBD
	// P(alive) is 1 only by the model's construction.
	`
ALTER TABLE customers ADD COLUMN p_alive       REAL;
ALTER TABLE customers ADD COLUMN exp_purchases REAL;
ALTER TABLE customers ADD COLUMN clv           INTEGER; -- fen, 12 months, discounted
ALTER TABLE customers ADD COLUMN clv_alive     INTEGER; -- fen: the same value were the customer surely still active
ALTER TABLE customers ADD COLUMN model_note    TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_p_alive       ON customers(p_alive);
CREATE INDEX customers_exp_purchases ON customers(exp_purchases);
CREATE INDEX customers_clv           ON customers(clv);
`,
	// 4 -> 5: a sale imported from a till's log carries its key (the order
	// number, else customer, time, amount and product), so importing the
	// same log again adds nothing. Purchases logged by hand have none.
	`
ALTER TABLE purchases ADD COLUMN sale_key TEXT;
CREATE UNIQUE INDEX purchases_sale_key ON purchases(sale_key) WHERE sale_key IS NOT NULL;
`,
	// 5 -> 6: member accounts. Every change to a customer's points, stored
	// value or credit owed is one row of account_entries, never updated or
	// deleted (an undo appends a reversing row); the balances on the customer
	// row are kept equal to the sums of those rows in the same transaction.
	`
ALTER TABLE customers ADD COLUMN points       INTEGER NOT NULL DEFAULT 0; -- points held
ALTER TABLE customers ADD COLUMN balance      INTEGER NOT NULL DEFAULT 0; -- stored value, fen
ALTER TABLE customers ADD COLUMN owed         INTEGER NOT NULL DEFAULT 0; -- credit owed, fen
ALTER TABLE customers ADD COLUMN credit_limit INTEGER NOT NULL DEFAULT 0; -- fen; 0: no credit
ALTER TABLE customers ADD COLUMN owed_since   TEXT    NOT NULL DEFAULT ''; -- oldest unpaid charge
CREATE INDEX customers_points  ON customers(points);
CREATE INDEX customers_balance ON customers(balance);
CREATE INDEX customers_owed    ON customers(owed);
-- the agenda's overdue credit: a range of the oldest unpaid charge dates
CREATE INDEX customers_owed_since ON customers(owed_since) WHERE owed > 0 AND deleted_at IS NULL;

CREATE TABLE account_entries (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	account     TEXT    NOT NULL, -- points, balance, owed
	amount      INTEGER NOT NULL, -- points, or fen
	kind        TEXT    NOT NULL, -- topup, bonus, pay, refund, earn, unearn, redeem, adjust, expire, charge, repay, opening, reversal
	date        TEXT    NOT NULL, -- the business day it counts on
	at          TEXT    NOT NULL, -- when it was written
	note        TEXT    NOT NULL DEFAULT '',
	ref         TEXT    NOT NULL DEFAULT '', -- purchase:ID or entry:ID
	staff       TEXT    NOT NULL DEFAULT '',
	reverses    INTEGER NOT NULL DEFAULT 0, -- the entry an undo takes back
	redo_of     INTEGER NOT NULL DEFAULT 0  -- the entry a redo writes again
);
-- statements and per-customer balances read one range, amounts included
CREATE INDEX account_entries_customer ON account_entries(customer_id, account, date, amount);
CREATE INDEX account_entries_reverses ON account_entries(reverses) WHERE reverses > 0;
CREATE INDEX account_entries_redo ON account_entries(redo_of) WHERE redo_of > 0;
-- the daily points expiry reads the lots that came of age since its last run
CREATE INDEX account_entries_lots ON account_entries(account, date) WHERE amount > 0;
`,
	// 6 -> 7: the purchase models' columns are computed when read, as of
	// the day (every day moves every customer's age, so stored values went
	// stale daily), from what only a purchase changes: the repeat purchase
	// days, the first and last purchase days (days since 1970-01-01) and the
	// mean repeat spend in yuan, refunds taken off. NULL: no dated purchase.
	// The columns of 3 -> 4 are emptied by the first regrade that builds
	// these (dropping them would rewrite the whole table), and their
	// indexes go.
	`
ALTER TABLE customers ADD COLUMN m_x     INTEGER;
ALTER TABLE customers ADD COLUMN m_first INTEGER;
ALTER TABLE customers ADD COLUMN m_last  INTEGER;
ALTER TABLE customers ADD COLUMN m_spend REAL;
DROP INDEX customers_p_alive;
DROP INDEX customers_exp_purchases;
DROP INDEX customers_clv;
-- a ledger without customers has nothing to build
INSERT INTO settings(key, value) SELECT 'model.stats', '"1"' WHERE NOT EXISTS (SELECT 1 FROM customers);
`,
	// 7 -> 8: what a regrade and the rules preview read of every customer
	// (the packed tiering inputs and the model stats), in id order, as an
	// index a third the size of the customers table: the read walks it
	// instead of every customer record.
	`
CREATE INDEX customers_regrade ON customers(id, tier_in, m_x, m_first, m_last, m_spend) WHERE deleted_at IS NULL;
`,
	// 8 -> 9: the agenda's and the tier summary's counts come from tallies
	// kept by triggers (see tally.go) instead of a pass over the customers;
	// the agenda's lists walk one grade's range of customers_agenda in the
	// order they are shown, and customers_tiers, which only the summary's
	// pass read, goes.
	`
DROP INDEX customers_tiers;
DROP INDEX customers_agenda;
CREATE INDEX customers_agenda ON customers(grade, next_follow_up, score) WHERE deleted_at IS NULL;
-- the stage rule's churn warnings: the day each buyer turns dormant
CREATE INDEX customers_dormant ON customers(` + dormantDaySQL + `) WHERE deleted_at IS NULL AND last_purchase > '';
` + tallySchemaSQL + tallyRecountSQL,
	// 9 -> 10: the table served over SSH. A staff member's public keys say
	// who connects (the key decides, whatever user name is given) and in
	// which language; every journal line and grade move says which staff
	// member and which session made it ('' for the owner's own table and
	// the command line), so each session undoes only its own changes.
	`
ALTER TABLE staff ADD COLUMN lang TEXT NOT NULL DEFAULT ''; -- '', 'zh' or 'en'
CREATE TABLE staff_keys (
	id          INTEGER PRIMARY KEY,
	staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
	key         TEXT    NOT NULL UNIQUE, -- authorized_keys form: type and base64, no comment
	fingerprint TEXT    NOT NULL,        -- SHA256:…, as ssh-keygen -l prints it
	comment     TEXT    NOT NULL DEFAULT '',
	added_at    TEXT    NOT NULL
);
CREATE INDEX staff_keys_staff ON staff_keys(staff_id);
ALTER TABLE journal ADD COLUMN staff   TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN session TEXT NOT NULL DEFAULT '';
CREATE INDEX journal_session ON journal(session, state, batch) WHERE session != '';
ALTER TABLE grade_history ADD COLUMN staff TEXT NOT NULL DEFAULT '';
`,
	// 10 -> 11: the models' churn warnings read a watch the day's regrade
	// builds (the values around the top share's cut, the candidates above
	// it) and the changes recorded since, instead of scoring every
	// customer (see churn_watch.go); the customers with an open complaint
	// are counted from an index of their own.
	churnWatchSchemaSQL + `
-- the agenda counts the customers with an open complaint from this index
-- alone (their owners and grades), without reading their rows
CREATE INDEX customers_complaining ON customers(owner, grade) WHERE deleted_at IS NULL AND open_complaints > 0;
`,
	// 11 -> 12: the tier profile adds its figures up from a tally kept by
	// triggers (see profile_tally.go) instead of reading every customer.
	profileSchemaSQL(),
	// 12 -> 13: the stage rule's churn warnings read every candidate's
	// figures from customers_dormant alone, without a lookup of its row
	// (at a million customers some 30,000 rows on as many scattered
	// pages), and only the listed customers' rows.
	`
DROP INDEX customers_dormant;
CREATE INDEX customers_dormant ON customers(` + dormantDaySQL + `, last_purchase, median_gap, last_contact, grade, score, owner, m_x, m_first, m_last, m_spend)
	WHERE deleted_at IS NULL AND last_purchase > '';
`,
	// 13 -> 14: the churn watch's cut is found from the band's values in
	// order, read from an index of the values alone (at a million
	// customers the watch can list most of them, and the band hundreds of
	// thousands when values tie).
	`CREATE INDEX churn_watch_value ON churn_watch(value);`,
	// 14 -> 15: the rules preview grades from the stored scores when the
	// new rules score the same way and the stored scores are known to be
	// a full grading's of today (see grading_exact.go): a counter of the
	// writes that make a score, and the scores grouped from an index.
	gradingStateSchemaSQL,
	// 15 -> 16: the churn watch keeps each listed customer's grade, whether
	// it is a candidate and its risk, so the agenda counts and ranks its
	// churn warnings from the watch alone (see churn_watch_copy.go).
	churnWatchCopySQL,
	// 16 -> 17: the twelve-month tier history adds its figures up from a
	// tally of trajectories kept current from a list of the customers
	// each write touches (see history_tally.go) instead of reading every
	// customer and purchase.
	historyTallySchemaSQL,
	// 17 -> 18: a new month's history tally is the last month's rolled over
	// (see history_rollover.go): each customer's counted row says its
	// month, and the trajectories keep the last purchase's day exact above
	// the churn floor, so a tally of the old form is counted again.
	`
ALTER TABLE history_cust ADD COLUMN month TEXT NOT NULL DEFAULT '';
DELETE FROM history_meta;
`,
	// 18 -> 19: the scores are read in order from customers_grading, which
	// begins with the score for every live customer, so the index of the
	// scores alone goes: a large import no longer builds it again (0.7 s
	// of CPU at a million customers) and a regrade no longer updates it. A
	// page of the table sorted by score walks customers_grading and sorts
	// only the customers of one score by id, as a descending sort by score
	// always did.
	`
DROP INDEX customers_score;
`,
}
