-- An organization's 2FA adoption day by day, for the overview's chart: the head counts of the
-- day (UTC), written by the background jobs (the last figures of a day stay).
CREATE TABLE org_adoption (
    org_id   TEXT NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    day      TEXT NOT NULL,
    members  BIGINT NOT NULL,
    with_2fa BIGINT NOT NULL,
    CONSTRAINT org_adoption_pkey PRIMARY KEY (org_id, day)
);
