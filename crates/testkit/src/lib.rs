//! Test support shared by the store's and the binary's tests: a fresh database per test, on
//! SQLite (a file in a temporary directory) or on the PostgreSQL server the test command started
//! (a new database, dropped when the test ends).

#![allow(clippy::panic)] // test support: failing loudly is the point

use std::path::Path;

/// The two backends every store and API test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the test command started. Not optional: without it the tests fail.
///
/// # Panics
/// When `TWOFOLD_TEST_PG_URL` is not set.
pub fn pg_admin_url() -> String {
    std::env::var("TWOFOLD_TEST_PG_URL").unwrap_or_else(|_| {
        panic!(
            "TWOFOLD_TEST_PG_URL is not set: run the tests with scripts/test.sh, which starts PostgreSQL"
        )
    })
}

fn random_suffix() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap_or_else(|e| panic!("{e}"));
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A fresh database for one test, dropped afterwards.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
}

impl TestDb {
    /// # Panics
    /// When PostgreSQL cannot be reached.
    pub async fn create(backend: Backend, dir: &Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}", dir.join("test.db").display()),
                pg_name: None,
            },
            Backend::Postgres => {
                use sqlx::Executor;
                let admin = pg_admin_url();
                let name = format!("twofold_test_{}", random_suffix());
                let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin}: {e}"));
                conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
                Self {
                    url: format!("{base}/{name}"),
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl TestDb {
    /// Every value of every column of `table`, rendered as text (bytes as lowercase hex), the
    /// way a database dump would show it: for tests that a dump yields no secret.
    ///
    /// # Panics
    /// When the database cannot be read.
    pub async fn dump_table(&self, table: &str) -> String {
        // Each backend renders a whole row as text itself; bytes come out as hex.
        let sql = if self.pg_name.is_some() {
            format!("SELECT CAST(t AS TEXT) FROM {table} t")
        } else {
            format!("SELECT * FROM {table}")
        };
        let mut out = String::new();
        if self.pg_name.is_some() {
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&self.url)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut c)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            for (row,) in rows {
                out.push_str(&row);
                out.push('\n');
            }
        } else {
            use sqlx::{Column, Row, ValueRef};
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&self.url)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut c)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            for row in rows {
                for col in row.columns() {
                    let i = col.ordinal();
                    let is_null = row.try_get_raw(i).map(|v| v.is_null()).unwrap_or(true);
                    let text = if is_null {
                        String::new()
                    } else if let Ok(b) = row.try_get::<Vec<u8>, _>(i) {
                        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                        format!("{hex} {}", String::from_utf8_lossy(&b))
                    } else if let Ok(t) = row.try_get::<String, _>(i) {
                        t
                    } else {
                        row.try_get::<i64, _>(i)
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    };
                    out.push_str(&text);
                    out.push('|');
                }
                out.push('\n');
            }
        }
        out
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread.
        let admin = pg_admin_url();
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                use sqlx::Executor;
                if let Ok(mut c) = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await {
                    let _ = c
                        .execute(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .await;
                }
            });
        })
        .join();
    }
}
