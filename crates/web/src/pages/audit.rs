//! The audit log as CSV, for managers and administrators.

use app::children::export_audit_log;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

/// The most events one export holds.
const EXPORT_LIMIT: u64 = 100_000;

pub async fn export(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/audit-log.csv").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let rows = match export_audit_log(state.store(), &current.actor, EXPORT_LIMIT).await {
        Ok(rows) => rows,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let mut csv =
        String::from("event_id,at,actor,action,record_type,record_id,child_id,from_addr,detail\n");
    for r in rows {
        let fields = [
            r.event_id.to_string(),
            r.at.to_rfc3339(),
            r.actor,
            r.action,
            r.record_type,
            r.record_id.unwrap_or_default(),
            r.child_id.map(|c| c.to_string()).unwrap_or_default(),
            r.from_addr,
            r.detail.unwrap_or_default(),
        ];
        csv.push_str(
            &fields
                .iter()
                .map(|f| app::csv_text::field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
        ],
        csv,
    )
        .into_response()
}
