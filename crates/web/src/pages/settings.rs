//! Settings: the list and one setting's page.

use app::settings::{list_settings, view_setting};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use crate::html::{escape, summary_list, table};
use crate::layout::{Page, render};
use crate::pages::errors;
use crate::session::{self, ClientAddr};
use crate::state::AppState;

pub async fn list(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
) -> Response {
    let current = match session::require(&state, &headers, &from, "/settings").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let settings = match list_settings(state.store(), &current.actor).await {
        Ok(s) => s,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let rows: Vec<Vec<String>> = settings
        .iter()
        .map(|s| {
            vec![
                format!(
                    "<a class=\"govuk-link\" href=\"/settings/{}\">{}</a>",
                    s.setting_id,
                    escape(&s.name)
                ),
                escape(&s.setting_type),
                escape(&s.phase),
                escape(if s.in_area { &s.area } else { "Out of area" }),
            ]
        })
        .collect();
    let body = format!(
        "<h1 class=\"govuk-heading-l\">Settings</h1>{}",
        table(
            &format!("{} schools, colleges and providers", settings.len()),
            &["Name", "Type", "Phase", "Area"],
            &rows
        )
    );
    let page = Page {
        title: "Settings",
        actor: Some(&current.actor),
        path: "/settings",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}

pub async fn detail(
    State(state): State<AppState>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let current = match session::require(&state, &headers, &from, &format!("/settings/{id}")).await
    {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return errors::not_found(&state);
    };
    let setting = match view_setting(state.store(), &current.actor, id).await {
        Ok(s) => s,
        Err(e) => return errors::for_app_error(&state, &e),
    };
    let s = &setting.summary;
    let reference = match (s.urn, s.ukprn) {
        (Some(urn), _) => ("URN", urn.to_string()),
        (None, Some(ukprn)) => ("UKPRN", ukprn.to_string()),
        (None, None) => ("Reference", "Not recorded".to_string()),
    };
    let summary = summary_list(&[
        reference,
        ("Type", s.setting_type.clone()),
        ("Phase", s.phase.clone()),
        (
            "Area",
            if s.in_area {
                s.area.clone()
            } else {
                "Outside the council's area".into()
            },
        ),
        (
            "Postcode",
            setting
                .postcode
                .clone()
                .unwrap_or_else(|| "Not recorded".into()),
        ),
    ]);
    let provisions = if setting.provisions.is_empty() {
        "<p class=\"govuk-body\">No SEN unit or resourced provision.</p>".to_string()
    } else {
        let rows: Vec<Vec<String>> = setting
            .provisions
            .iter()
            .map(|p| {
                let kind = if p.kind == "sen_unit" {
                    "SEN unit"
                } else {
                    "Resourced provision"
                };
                let focus = p
                    .need_focus
                    .as_deref()
                    .and_then(|c| c.parse::<domain::SenType>().ok())
                    .map_or("Any need".to_string(), |t| t.label().to_string());
                vec![kind.to_string(), escape(&focus), p.places.to_string()]
            })
            .collect();
        table(
            "SEN units and resourced provisions",
            &["Kind", "Designated for", "Places"],
            &rows,
        )
    };
    let body = format!(
        "<h1 class=\"govuk-heading-l\">{}</h1>{summary}{provisions}",
        escape(&s.name)
    );
    let page = Page {
        title: &s.name,
        actor: Some(&current.actor),
        path: "/settings",
        csrf_token: Some(&current.csrf_token),
        body,
        has_errors: false,
    };
    Html(render(&state, page)).into_response()
}
