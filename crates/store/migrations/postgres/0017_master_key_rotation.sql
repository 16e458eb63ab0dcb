-- Master-key rotation (issue 18, `twofold keys rotate-master`).
--
-- While a rotation runs, the key the sealed secrets move to, sealed under the key they move
-- from: every node (each holding the old key in its key file) learns the new one from here and
-- seals under it, and opens values sealed under either. At most one rotation at a time; the
-- row goes once every value is re-sealed and the key file holds the new key.
CREATE TABLE master_key_rotation (
    id         SMALLINT PRIMARY KEY CHECK (id = 1),
    from_key   TEXT NOT NULL,
    to_key     TEXT NOT NULL,
    sealed_to  BYTEA NOT NULL,
    started_at BIGINT NOT NULL
);

-- Keys that outlive a rotation, sealed under the master key: the look-up key of recovery codes,
-- app passwords and texted codes (their keyed hashes cannot be re-keyed without the values).
CREATE TABLE carried_key (
    purpose TEXT PRIMARY KEY,
    sealed  BYTEA NOT NULL
);
