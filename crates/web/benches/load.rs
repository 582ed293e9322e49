//! Load benchmark: a child's page, the child search, a caseworker's work tray and the EHC
//! timeliness dashboard on the large synthetic council (20,000 plans), served on 127.0.0.1 by
//! the real router, under a bounded number of requests from concurrent keep-alive connections;
//! p50, p99 and throughput, on both engines.
//!
//! Run: `cargo bench -p web --bench load`. REQUESTS (default 2,000 per page) and CONNECTIONS
//! (default 8) set the child page and search; CASEWORK_CONNECTIONS (default 64) sets the work
//! tray and dashboard; ONLY (a comma-separated list of page labels) runs some pages alone.
//! PostgreSQL is the local server (HIGHNEEDS_TEST_POSTGRES_URL); if it does not answer, only
//! SQLite is measured.
//!
//! Beside the latencies each page reports the CPU time this process spent per request while
//! it was measured (user and system time of every thread, from /proc): the server, sqlx's
//! SQLite worker threads (also given apart) and the load generator together, but not
//! PostgreSQL's own processes. It moves far less than latency when other work shares the
//! machine (though not by nothing: a busy machine slows every instruction), so it is the figure
//! to compare two versions of the code by; so is the number of times a thread of this process
//! went to sleep waiting for another (voluntary context switches), which counts the hand-offs
//! between the server's threads and sqlx's SQLite threads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use app::{Actor, Store, auth};
use chrono::Utc;
use domain::LaCode;
use store::testing::TestDb;
use store::{CaseRow, Engine};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

// The allocator the highneeds binary uses (crates/cli/src/main.rs), so the bench measures what
// is served.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One GET on a keep-alive connection; returns the status and the body length.
async fn get(stream: &mut BufReader<TcpStream>, path: &str, cookie: &str) -> (u16, usize) {
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: bench\r\nCookie: highneeds_session={cookie}\r\n\r\n");
    stream
        .get_mut()
        .write_all(request.as_bytes())
        .await
        .expect("write");
    let mut line = String::new();
    stream.read_line(&mut line).await.expect("status line");
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).await.expect("header");
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.expect("body");
    (status, length)
}

async fn run(
    addr: SocketAddr,
    paths: &[String],
    cookie: &str,
    requests: usize,
    connections: usize,
) -> (Vec<Duration>, Duration, usize) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let paths = paths.to_vec();
        let cookie = cookie.to_string();
        let share = requests / connections + usize::from(c < requests % connections);
        tasks.push(tokio::spawn(async move {
            let mut stream = BufReader::new(TcpStream::connect(addr).await.expect("connect"));
            let mut latencies = Vec::with_capacity(share);
            let mut bytes = 0;
            for i in 0..share {
                let path = &paths[(c * 7919 + i * 104_729) % paths.len()];
                let t = Instant::now();
                let (status, length) = get(&mut stream, path, &cookie).await;
                latencies.push(t.elapsed());
                bytes += length;
                assert_eq!(status, 200, "{path}");
            }
            (latencies, bytes)
        }));
    }
    let mut all = Vec::with_capacity(requests);
    let mut bytes = 0;
    for t in tasks {
        let (latencies, read) = t.await.expect("task");
        all.extend(latencies);
        bytes += read;
    }
    let elapsed = started.elapsed();
    all.sort();
    (all, elapsed, bytes)
}

/// What this process has used so far, from /proc (zero where it cannot be read).
#[derive(Clone, Copy, Default)]
struct Usage {
    /// CPU time (user plus system) of the whole process.
    cpu: Duration,
    /// Of which sqlx's SQLite worker threads (those still running).
    workers: Duration,
    /// Voluntary context switches of the threads still running.
    switches: u64,
}

fn usage() -> Usage {
    fn ticks(stat: &str) -> u64 {
        // Fields after the command name, which is in parentheses and may hold spaces:
        // utime and stime are the 14th and 15th fields of the line.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        field(11) + field(12)
    }
    // The kernel counts in clock ticks of 1/100 s on Linux.
    let to_time = |t: u64| Duration::from_millis(t * 10);
    let process = std::fs::read_to_string("/proc/self/stat").map_or(0, |s| ticks(&s));
    let mut workers = 0;
    let mut switches = 0;
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            let path = task.path();
            let is_worker = std::fs::read_to_string(path.join("comm"))
                .is_ok_and(|name| name.starts_with("sqlx-sqlite-wor"));
            if is_worker {
                workers += std::fs::read_to_string(path.join("stat")).map_or(0, |s| ticks(&s));
            }
            switches += std::fs::read_to_string(path.join("status")).map_or(0, |s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("voluntary_ctxt_switches:"))
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(0)
            });
        }
    }
    Usage {
        cpu: to_time(process),
        workers: to_time(workers),
        switches,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let requests = env_or("REQUESTS", 2_000);
    let connections = env_or("CONNECTIONS", 8);
    let casework_connections = env_or("CASEWORK_CONNECTIONS", 64);
    let only: Option<Vec<String>> = std::env::var("ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let tables = synth::DfeTables::embedded().expect("DfE tables");
        let la = synth::LocalAuthority::exampleshire();
        let calibration = tables.calibrate(None).expect("calibration");
        let council = synth::generate(&la, &calibration, synth::Size::Large.target_plans(), 2025);
        for engine in [Engine::Sqlite, Engine::Postgres] {
            if engine == Engine::Postgres
                && sqlx_ready(&store::testing::postgres_admin_url()).await.is_err()
            {
                eprintln!("PostgreSQL does not answer: measuring SQLite only");
                continue;
            }
            let db = TestDb::new(engine).await;
            let code = la.code;
            let operator = Actor::operator(code);
            app::councils::load_local_authorities(&db.store, std::slice::from_ref(&la)).await.expect("council");
            app::demo::seed_council(&db.store, &operator, &council, &mut |_| {}).await.expect("seed");
            app::demo::create_demo_staff(&db.store, &operator, "bench.invalid").await.expect("staff");
            // The benchmark signs in as the caseworker with a password it sets itself.
            let new = app::staff::NewStaff {
                name: "Bench Caseworker".into(),
                email: "bench@bench.invalid".into(),
                roles: vec!["send_caseworker".into()],
                password: Some("benchmark password".into()),
                ..Default::default()
            };
            let bench_staff = app::staff::add_staff(&db.store, &operator, new).await.expect("bench user").staff_id;
            let held = give_cases(&db.store, i64::from(code.get()), bench_staff).await;
            println!("{engine:<10} the bench caseworker holds {held} open cases");
            // The dashboard as the first person to open it after a casework change finds it.
            let started = Instant::now();
            app::dashboard::ehc_dashboard(&db.store, &operator, 2024)
                .await
                .expect("dashboard");
            println!(
                "{engine:<10} EHC dashboard worked out afresh in {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            let signed_in = auth::sign_in_staff(&db.store, code, "bench@bench.invalid", "benchmark password", None, "127.0.0.1", Utc::now())
                .await
                .expect("sign in");
            let config = web::WebConfig { la: LaCode::new(code.get()).expect("la"), council_name: la.name.clone(), secure_cookies: false, print_emails: false };
            let router = web::router(web::AppState::new(db.store.clone(), config, web::Assets::default()));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("addr");
            let server = tokio::spawn(async move {
                axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
            });
            let children: Vec<String> = council.children.iter().step_by(37).map(|c| format!("/children/{}", c.id)).collect();
            let surnames: Vec<String> = council.children.iter().step_by(997).map(|c| format!("/children?q={}", &c.surname[..4])).collect();
            let tray: Vec<String> = ["/casework", "/casework?page=2", "/casework?state=overdue"].map(String::from).to_vec();
            let dashboard: Vec<String> = ["/dashboard/ehc", "/dashboard/ehc?year=2023", "/dashboard/ehc?year=2025"].map(String::from).to_vec();
            for (label, paths, connections) in [
                ("child page", &children, connections),
                ("child search", &surnames, connections),
                ("work tray", &tray, casework_connections),
                ("EHC dashboard", &dashboard, casework_connections),
            ] {
                if only.as_ref().is_some_and(|o| !o.iter().any(|l| l == label)) {
                    continue;
                }
                // Warm up, then measure.
                run(addr, paths, &signed_in.cookie, connections * 10, connections).await;
                let before = usage();
                let (latencies, elapsed, bytes) = run(addr, paths, &signed_in.cookie, requests, connections).await;
                let after = usage();
                let per_request = |d: Duration| d.as_secs_f64() * 1e6 / requests.max(1) as f64;
                println!(
                    "{engine:<10} {label:<13} {requests} requests, {connections:>2} connections: p50 {:.2} ms, p99 {:.2} ms, {:.0} requests/s, {:.0} KB a page, CPU {:.0} µs a request (SQLite workers {:.0} µs), {:.1} thread sleeps a request",
                    percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
                    percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
                    requests as f64 / elapsed.as_secs_f64(),
                    bytes as f64 / requests.max(1) as f64 / 1024.0,
                    per_request(after.cpu.saturating_sub(before.cpu)),
                    per_request(after.workers.saturating_sub(before.workers)),
                    after.switches.saturating_sub(before.switches) as f64 / requests.max(1) as f64,
                );
            }
            server.abort();
            db.cleanup().await;
        }
    });
}

/// Makes sure the council's cases are worked out (the demo may not have done it yet), then
/// gives the bench caseworker a caseload the size councils aim for: every open case that has a
/// deadline owed, spread across the council, up to 150. Returns how many they hold.
async fn give_cases(store: &Store, la_id: i64, caseworker: i64) -> usize {
    let mut tx = store.begin().await.expect("begin");
    let mut cases: Vec<CaseRow> = tx.records_of_council(la_id).await.expect("cases");
    if cases.is_empty() {
        app::casework::refresh_all_cases(&mut tx, la_id)
            .await
            .expect("refresh cases");
        cases = tx.records_of_council(la_id).await.expect("cases");
    }
    let open: Vec<&CaseRow> = cases
        .iter()
        .filter(|c| c.stage != "closed" && c.next_due_on.is_some())
        .collect();
    let step = (open.len() / 150).max(1);
    let mut held = 0;
    for case in open.iter().step_by(step).take(150) {
        tx.assign_case(la_id, case.child_id, Some(caseworker))
            .await
            .expect("assign");
        held += 1;
    }
    tx.bump_casework_generation(la_id)
        .await
        .expect("generation");
    // A bulk load, as an import would be: fresh planner statistics before serving.
    tx.refresh_casework_statistics().await.expect("statistics");
    tx.commit().await.expect("commit");
    held
}

async fn sqlx_ready(url: &str) -> Result<(), ()> {
    use tokio::net::TcpStream;
    // postgres://[user[:password]@][host][:port]/database
    let authority = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or("");
    let host = match authority.rsplit_once('@').map_or(authority, |(_, h)| h) {
        "" => "127.0.0.1:5432".to_string(),
        h if h.contains(':') => h.to_string(),
        h => format!("{h}:5432"),
    };
    TcpStream::connect(host).await.map(|_| ()).map_err(|_| ())
}
