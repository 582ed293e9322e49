//! Highneeds over HTTP: GOV.UK-styled pages that work without JavaScript, sessions in the
//! database, CSRF tokens on every form, and security headers on every response. Handlers find
//! out who is asking ([`session`]) and call one `app` use case; they never query the database
//! and never decide access themselves.

mod api;
pub mod assets;
mod chart;
mod html;
mod layout;
pub mod mail;
mod pages;
pub mod session;
pub mod state;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

pub use assets::Assets;
pub use mail::Mailer;
pub use state::{AppState, WebConfig};

/// The OpenAPI 3.1 description of the JSON API.
pub const OPENAPI: &str = api::OPENAPI;

/// Every page and endpoint of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::start))
        .route(
            "/sign-in",
            get(pages::sign_in::staff_page).post(pages::sign_in::staff_submit),
        )
        .route(
            "/sign-in/family",
            get(pages::sign_in::family_page).post(pages::sign_in::family_send_code),
        )
        .route(
            "/sign-in/family/code",
            post(pages::sign_in::family_submit_code),
        )
        .route("/sign-out", post(pages::sign_in::sign_out))
        .route(
            "/sign-out-everywhere",
            post(pages::sign_in::sign_out_everywhere),
        )
        .route("/dashboard", get(pages::home::dashboard))
        .route("/dashboard/ehc", get(pages::dashboard::ehc))
        .route("/children", get(pages::children::search))
        .route("/children/{id}", get(pages::children::record))
        .route("/children/{id}/case", get(pages::case::page))
        .route(
            "/children/{id}/placements",
            get(pages::placements::child).post(pages::placements::post_placement),
        )
        .route(
            "/children/{id}/awaiting",
            post(pages::placements::post_awaiting),
        )
        .route(
            "/children/{id}/case/versions/{version_id}",
            get(pages::case::version),
        )
        .route(
            "/children/{id}/case/{action}",
            get(pages::case_forms::form_page).post(pages::case_forms::submit),
        )
        .route(
            "/children/{id}/documents",
            get(pages::documents::page)
                .post(pages::documents::upload)
                // The upload counts what it reads and stops at its own limits.
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/documents/{id}", get(pages::documents::download))
        .route("/documents/{id}/release", post(pages::documents::release))
        .route("/children/{id}/progress", get(pages::portal::progress_page))
        .route(
            "/children/{id}/messages",
            get(pages::portal::messages_page).post(pages::portal::send_message),
        )
        .route(
            "/children/{id}/views",
            get(pages::portal::views_page).post(pages::portal::save_views),
        )
        .route(
            "/children/{id}/draft-comments",
            get(pages::portal::draft_comments_page).post(pages::portal::send_draft_comments),
        )
        .route("/children/{id}/advice", get(pages::advice::for_family))
        .route(
            "/children/{id}/who-can-see",
            get(pages::consent::page).post(pages::consent::decide),
        )
        .route("/advice", get(pages::advice::inbox))
        .route(
            "/advice/{id}",
            get(pages::advice::show).post(pages::advice::submit),
        )
        .route("/advice/{id}/release", post(pages::advice::release))
        .route(
            "/advice/{id}/attachments",
            post(pages::advice::attach)
                // The upload counts what it reads and stops at its own limits.
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/request-an-assessment", get(pages::request::start))
        .route(
            "/request-an-assessment/email",
            get(pages::sign_in::request_email_page).post(pages::sign_in::request_send_code),
        )
        .route(
            "/request-an-assessment/code",
            post(pages::sign_in::request_submit_code),
        )
        .route(
            "/request-an-assessment/form",
            get(pages::request::form_show).post(pages::request::form_submit),
        )
        .route("/request-an-assessment/sent", get(pages::request::sent))
        .route(
            "/school/request",
            get(pages::request::school_show).post(pages::request::school_submit),
        )
        .route("/school", get(pages::school::pupils))
        .route(
            "/school/topup",
            get(pages::topup_school::list).post(pages::topup_school::start),
        )
        .route("/school/topup/{id}", get(pages::topup_school::show))
        .route(
            "/school/topup/{id}/evidence",
            post(pages::topup_school::evidence),
        )
        .route("/school/topup/{id}/{what}", post(pages::topup_school::post))
        .route(
            "/school/topup/{id}/{what}/{area}",
            get(pages::topup_school::area).post(pages::topup_school::post_area),
        )
        .route(
            "/school/payments",
            get(pages::topup_council::school_payments),
        )
        .route("/topup", get(pages::topup_council::list))
        .route("/topup/{id}", get(pages::topup_council::show))
        .route("/topup/{id}/{what}", post(pages::topup_council::post))
        .route("/finance/payments", get(pages::topup_council::payments))
        .route(
            "/finance/payments/frequency",
            post(pages::topup_council::set_frequency),
        )
        .route(
            "/finance/payments.csv",
            get(pages::topup_council::payments_csv_file),
        )
        .route("/school/pupils/{id}", get(pages::school::pupil))
        .route("/school/pupils/{id}/{what}", post(pages::school::post))
        .route("/casework", get(pages::tray::tray))
        .route("/casework/caseloads", get(pages::tray::caseloads))
        .route(
            "/panels",
            get(pages::panels::list).post(pages::panels::create),
        )
        .route("/panels/items", post(pages::panels::list_from_case))
        .route("/panels/{id}", get(pages::panels::show))
        .route("/panels/{id}/items", post(pages::panels::list_item))
        .route(
            "/panels/{id}/awaiting",
            post(pages::placements::list_at_panel),
        )
        .route("/placements/awaiting", get(pages::placements::awaiting))
        .route("/finance/committed", get(pages::finance::committed))
        .route("/finance/backtest", get(pages::backtest::backtest))
        .route("/finance/budget", get(pages::budget::page))
        .route("/finance/forecast", get(pages::dsg_plan::forecast))
        .route("/finance/dsg-plan", get(pages::dsg_plan::plan))
        .route(
            "/finance/dsg-blocks",
            get(pages::dsg_blocks::page).post(pages::dsg_blocks::post),
        )
        .route("/finance/scenarios", get(pages::scenarios::page))
        .route("/finance/sensitivity", get(pages::sensitivity::page))
        .route(
            "/finance/scenarios/mitigations",
            post(pages::scenario_posts::post_mitigation),
        )
        .route(
            "/finance/scenarios/mitigations/{id}",
            get(pages::scenario_posts::edit_mitigation)
                .post(pages::scenario_posts::post_change_mitigation),
        )
        .route(
            "/finance/scenarios/mitigations/{id}/remove",
            post(pages::scenario_posts::post_remove_mitigation),
        )
        .route(
            "/finance/scenarios/scenarios",
            post(pages::scenario_posts::post_scenario),
        )
        .route(
            "/finance/scenarios/scenarios/{id}/remove",
            post(pages::scenario_posts::post_remove_scenario),
        )
        .route(
            "/finance/dsg-plan/plans.csv",
            get(pages::dsg_plan::plans_file),
        )
        .route(
            "/finance/dsg-plan/finance.csv",
            get(pages::dsg_plan::finance_file),
        )
        .route("/finance/budget/lines", post(pages::budget::post_lines))
        .route("/finance/budget/income", post(pages::budget::post_income))
        .route(
            "/finance/budget/income/{id}/remove",
            post(pages::budget::post_remove_income),
        )
        .route(
            "/finance/budget/actuals",
            post(pages::budget::post_actuals)
                // The upload counts what it reads and stops at its own limits.
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/panels/{id}/items/{item_id}/decision",
            post(pages::panels::decide),
        )
        .route(
            "/governance",
            get(pages::governance::list).post(pages::governance::create),
        )
        .route(
            "/governance/actions",
            get(pages::governance_actions::tracker),
        )
        .route(
            "/governance/actions/{id}",
            get(pages::governance_actions::action).post(pages::governance_actions::update_action),
        )
        .route(
            "/governance/plans",
            get(pages::governance_plans::list).post(pages::governance_plans::create),
        )
        .route("/governance/plans/{id}", get(pages::governance_plans::show))
        .route(
            "/governance/plans/{id}/{what}",
            post(pages::governance_plan_forms::post),
        )
        .route(
            "/governance/meetings/{id}/report-pack",
            get(pages::report_pack::page),
        )
        .route(
            "/governance/meetings/{id}/report-pack.pdf",
            get(pages::report_pack::pdf),
        )
        .route("/governance/forums/{id}", get(pages::governance::forum))
        .route(
            "/governance/forums/{id}/import",
            get(pages::governance_import::paste).post(pages::governance_import::read),
        )
        .route(
            "/governance/forums/{id}/import/confirm",
            post(pages::governance_import::confirm),
        )
        .route(
            "/governance/seats/{id}",
            get(pages::governance_seats::show).post(pages::governance_seats::post),
        )
        .route(
            "/governance/seats/{id}/{what}",
            post(pages::governance_seats::post),
        )
        .route(
            "/governance/forums/{id}/{what}",
            post(pages::governance::post),
        )
        .route(
            "/governance/meetings/{id}",
            get(pages::governance_meeting::show),
        )
        .route(
            "/governance/meetings/{id}/{what}",
            post(pages::governance_posts::meeting),
        )
        .route(
            "/governance/meetings/{id}/items/{item_id}/papers",
            post(pages::governance_posts::paper)
                // The upload counts what it reads and stops at its own limits.
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/governance/meetings/{id}/items/{item_id}/{what}",
            post(pages::governance_posts::item),
        )
        .route("/forums", get(pages::forums_public::list))
        .route("/forums/meetings/{id}", get(pages::forums_public::meeting))
        .route("/forums/papers/{id}", get(pages::forums_public::paper))
        .route("/notifications", get(pages::notifications::list))
        .route("/notifications/{id}/read", post(pages::notifications::read))
        .route("/settings", get(pages::settings::list))
        .route("/settings/{id}", get(pages::settings::detail))
        .route("/audit-log.csv", get(pages::audit::export))
        .route("/accessibility", get(pages::home::accessibility))
        .route("/cookies", get(pages::home::cookies))
        .route("/assets/{name}", get(assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/children", get(api::children))
        .route("/api/v1/children/{id}", get(api::child))
        .route("/api/v1/children/{id}/documents", get(api::child_documents))
        .route("/api/v1/documents/{id}", get(api::document))
        .route("/api/v1/settings", get(api::settings))
        .route("/api/v1/settings/{id}", get(api::setting))
        .route("/api/v1/{*rest}", get(api::not_found))
        .fallback(not_found)
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

async fn not_found(State(state): State<AppState>) -> Response {
    pages::errors::not_found(&state)
}

/// Pages hold personal data: never cached, never framed, no scripts but our own.
async fn security_headers(request: axum::extract::Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    if !is_asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
