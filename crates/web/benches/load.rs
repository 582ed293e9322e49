//! Load benchmark: a child's page and the child search on the large synthetic council
//! (20,000 plans), served on 127.0.0.1 by the real router, under a bounded number of requests
//! from concurrent keep-alive connections; p50, p99 and throughput, on both engines.
//!
//! Run: `cargo bench -p web --bench load` (REQUESTS and CONNECTIONS override the defaults).
//! PostgreSQL is the local server (HIGHNEEDS_TEST_POSTGRES_URL); if it does not answer, only
//! SQLite is measured.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use app::{Actor, auth};
use chrono::Utc;
use domain::LaCode;
use store::Engine;
use store::testing::TestDb;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

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
) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let paths = paths.to_vec();
        let cookie = cookie.to_string();
        let share = requests / connections + usize::from(c < requests % connections);
        tasks.push(tokio::spawn(async move {
            let mut stream = BufReader::new(TcpStream::connect(addr).await.expect("connect"));
            let mut latencies = Vec::with_capacity(share);
            for i in 0..share {
                let path = &paths[(c * 7919 + i * 104_729) % paths.len()];
                let t = Instant::now();
                let (status, _) = get(&mut stream, path, &cookie).await;
                latencies.push(t.elapsed());
                assert_eq!(status, 200, "{path}");
            }
            latencies
        }));
    }
    let mut all = Vec::with_capacity(requests);
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let elapsed = started.elapsed();
    all.sort();
    (all, elapsed)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let requests = env_or("REQUESTS", 2_000);
    let connections = env_or("CONNECTIONS", 8);
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
            app::staff::add_staff(&db.store, &operator, new).await.expect("bench user");
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
            for (label, paths) in [("child page", &children), ("child search", &surnames)] {
                // Warm up, then measure.
                run(addr, paths, &signed_in.cookie, connections * 10, connections).await;
                let (latencies, elapsed) = run(addr, paths, &signed_in.cookie, requests, connections).await;
                println!(
                    "{engine:<10} {label:<13} {requests} requests, {connections} connections: p50 {:.2} ms, p99 {:.2} ms, {:.0} requests/s",
                    percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
                    percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
                    requests as f64 / elapsed.as_secs_f64()
                );
            }
            server.abort();
            db.cleanup().await;
        }
    });
}

async fn sqlx_ready(url: &str) -> Result<(), ()> {
    use tokio::net::TcpStream;
    let host = url
        .split('@')
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("127.0.0.1:5432");
    TcpStream::connect(host).await.map(|_| ()).map_err(|_| ())
}
