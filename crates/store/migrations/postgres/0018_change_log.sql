-- What a transaction changed, for the other processes on the database to hear (issue 18). On
-- SQLite, where there is no NOTIFY, `store::changes::announce` appends here inside the
-- transaction and every server reads what is new four times a second: the admin commands,
-- which run in processes of their own, reach the server's session cache that way. PostgreSQL
-- announces with NOTIFY and leaves this table empty. Rows older than ten minutes are deleted.
CREATE TABLE change_log (
    seq     BIGSERIAL PRIMARY KEY,
    payload TEXT NOT NULL,
    at      BIGINT NOT NULL
);
