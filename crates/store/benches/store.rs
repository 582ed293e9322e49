//! Store benchmarks on both engines: bulk inserts of children and point reads by key.
//! Run: `cargo bench -p store --bench store`. PostgreSQL is the local server
//! (HIGHNEEDS_TEST_POSTGRES_URL); if it does not answer, only SQLite is measured.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use store::testing::TestDb;
use store::{ChildRow, Engine, LocalAuthorityRow};

const LA: i64 = 801;
const BATCH: i64 = 1_000;
const PRELOADED: i64 = 100_000;

fn child(child_id: i64) -> ChildRow {
    ChildRow {
        la_id: LA,
        child_id,
        forename: "Amara".into(),
        surname: format!("Samplewood{}", child_id % 977),
        birth_date: NaiveDate::from_ymd_opt(2014, 3, 1).unwrap_or_default(),
        sex: "F".into(),
        ethnicity: Some("WBRI".into()),
        postcode: Some("ZZ1 1AA".into()),
        address_line: Some(format!("{} Sample Road", child_id % 200)),
        upn: None,
        uln: None,
        upn_unknown: Some("UN1".into()),
    }
}

async fn prepared(engine: Engine) -> Option<TestDb> {
    if engine == Engine::Postgres
        && sqlx::PgPool::connect(&store::testing::postgres_admin_url())
            .await
            .is_err()
    {
        eprintln!("PostgreSQL does not answer: measuring SQLite only");
        return None;
    }
    let db = TestDb::new(engine).await;
    let mut tx = db.store.begin().await.ok()?;
    tx.upsert_local_authorities(&[LocalAuthorityRow {
        la_id: LA,
        ons_code: "E06000023".into(),
        name: "Bristol, City of".into(),
        region_code: "E12000009".into(),
        region_name: "South West".into(),
        fictional: false,
    }])
    .await
    .ok()?;
    let rows: Vec<ChildRow> = (1..=PRELOADED).map(child).collect();
    tx.insert_children(&rows).await.ok()?;
    tx.commit().await.ok()?;
    Some(db)
}

fn benches(c: &mut Criterion) {
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(db) = rt.block_on(prepared(engine)) else {
            continue;
        };
        let store = db.store.clone();
        let next = AtomicI64::new(PRELOADED + 1);

        let mut group = c.benchmark_group("insert_children");
        group.throughput(Throughput::Elements(BATCH as u64));
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(10));
        group.bench_function(
            BenchmarkId::new(engine.to_string(), format!("{BATCH} rows per transaction")),
            |b| {
                b.iter_custom(|iters| {
                    rt.block_on(async {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            let first = next.fetch_add(BATCH, Ordering::Relaxed);
                            let rows: Vec<ChildRow> = (first..first + BATCH).map(child).collect();
                            let start = Instant::now();
                            let mut tx = store.begin().await.expect("begin");
                            tx.insert_children(&rows).await.expect("insert");
                            tx.commit().await.expect("commit");
                            total += start.elapsed();
                        }
                        total
                    })
                });
            },
        );
        group.finish();

        let mut group = c.benchmark_group("read_child");
        group.throughput(Throughput::Elements(1));
        group.bench_function(
            BenchmarkId::new(engine.to_string(), "by key, own transaction"),
            |b| {
                let mut id = 0i64;
                b.iter(|| {
                    id = (id * 7919 + 13) % PRELOADED + 1;
                    rt.block_on(async {
                        let mut tx = store.begin().await.expect("begin");
                        let found = tx.child(LA, id).await.expect("read");
                        tx.commit().await.expect("commit");
                        found.expect("child exists")
                    })
                });
            },
        );
        group.finish();
        rt.block_on(db.cleanup());
    }
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
