//! Renders every example in the upstream `fixtures.json` of each ported
//! component and compares it with the fixture's HTML.
//!
//! Comparison is after whitespace normalisation (see [`normalise`]): runs of
//! whitespace become one space, and whitespace next to `<` or `>` is removed.
//! Attribute order is compared as is. The footer's crown logo is removed from the
//! expected HTML first: this service never renders it.
//!
//! Examples that are known not to match are listed, each with a reason, in
//! `allow-list.txt`; an allowed example that matches fails the test, so the list
//! stays honest.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use govuk::Component;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

type Render = fn(&str) -> Result<String, String>;

/// Components whose renderer is not written yet: all their examples must be
/// covered by a `component / * | not yet ported` line in the allow-list.
/// (Every component listed below is ported now; this stays for the next one.)
#[allow(dead_code)]
fn unported(_: &str) -> Result<String, String> {
    Err("not yet ported".to_owned())
}

fn r<T: DeserializeOwned + Component>(json: &str) -> Result<String, String> {
    let params: T = serde_json::from_str(json).map_err(|e| format!("options: {e}"))?;
    Ok(params.render())
}

fn components() -> Vec<(&'static str, Render)> {
    use govuk::*;
    vec![
        ("skip-link", r::<SkipLink>),
        ("back-link", r::<BackLink>),
        ("tag", r::<Tag>),
        ("inset-text", r::<InsetText>),
        ("warning-text", r::<WarningText>),
        ("details", r::<Details>),
        ("hint", r::<Hint>),
        ("label", r::<Label>),
        ("error-message", r::<ErrorMessage>),
        ("fieldset", r::<Fieldset>),
        ("generic-header", r::<GenericHeader>),
        ("service-navigation", r::<ServiceNavigation>),
        ("phase-banner", r::<PhaseBanner>),
        ("footer", r::<Footer>),
        ("button", r::<Button>),
        ("breadcrumbs", r::<Breadcrumbs>),
        ("input", r::<Input>),
        ("textarea", r::<Textarea>),
        ("select", r::<Select>),
        ("radios", r::<Radios>),
        ("checkboxes", r::<Checkboxes>),
        ("error-summary", r::<ErrorSummary>),
        ("character-count", r::<CharacterCount>),
        ("date-input", r::<DateInput>),
        ("table", r::<Table>),
        ("summary-list", r::<SummaryList>),
        ("notification-banner", r::<NotificationBanner>),
        ("panel", r::<Panel>),
        ("pagination", r::<Pagination>),
        ("tabs", r::<Tabs>),
        ("task-list", r::<TaskList>),
        ("file-upload", r::<FileUpload>),
    ]
}

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow)]
    fixtures: Vec<Fixture<'a>>,
}

#[derive(Deserialize)]
struct Fixture<'a> {
    name: String,
    #[serde(borrow)]
    options: &'a RawValue,
    html: String,
}

/// Collapses each run of whitespace to one space, then removes spaces next to
/// `<` and `>`, and trims.
fn normalise(html: &str) -> String {
    let mut collapsed = String::with_capacity(html.len());
    let mut in_space = false;
    for c in html.chars() {
        if c.is_whitespace() {
            in_space = true;
        } else {
            if in_space {
                collapsed.push(' ');
                in_space = false;
            }
            collapsed.push(c);
        }
    }
    collapsed
        .replace(" <", "<")
        .replace("> ", ">")
        .replace(" >", ">")
        .trim()
        .to_owned()
}

/// Removes the crown logo `<svg class="govuk-footer__crown" ...>...</svg>`.
fn strip_footer_crown(html: &str) -> String {
    let Some(start) = html.find("<svg") else {
        return html.to_owned();
    };
    let Some(end_rel) = html[start..].find("</svg>") else {
        return html.to_owned();
    };
    let svg = &html[start..start + end_rel];
    if !svg.contains("govuk-footer__crown") {
        return html.to_owned();
    }
    format!(
        "{}{}",
        &html[..start],
        &html[start + end_rel + "</svg>".len()..]
    )
}

fn allow_list() -> BTreeMap<(String, String), String> {
    let text = include_str!("allow-list.txt");
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // component / example name | reason
        let (key, reason) = line.split_once('|').expect("allow-list line needs `|`");
        let (component, name) = key.split_once('/').expect("allow-list key needs `/`");
        let reason = reason.trim();
        assert!(!reason.is_empty(), "allow-list line without reason: {line}");
        map.insert(
            (component.trim().to_owned(), name.trim().to_owned()),
            reason.to_owned(),
        );
    }
    map
}

fn components_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../frontend/node_modules/govuk-frontend/dist/govuk/components")
}

#[test]
fn fixtures_match_upstream() {
    let dir = components_dir();
    assert!(
        dir.is_dir(),
        "{} is missing: run `npm ci --prefix frontend` first",
        dir.display()
    );
    let allowed = allow_list();
    let mut used = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let only = std::env::var("GOVUK_FIXTURE").ok();
    for (component, render) in components() {
        let path = dir.join(component).join("fixtures.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file: File = serde_json::from_str(&text).unwrap();
        let (mut matched, mut allowed_n) = (0, 0);
        for fixture in &file.fixtures {
            let mut key = (component.to_owned(), fixture.name.clone());
            let wildcard = (component.to_owned(), "*".to_owned());
            if allowed.contains_key(&wildcard) {
                key = wildcard;
            }
            let mut expected = normalise(&fixture.html);
            if component == "footer" {
                expected = normalise(&strip_footer_crown(&fixture.html));
            }
            let actual = render(fixture.options.get()).map(|h| normalise(&h));
            let ok = actual.as_ref().is_ok_and(|a| *a == expected);
            match (ok, allowed.contains_key(&key)) {
                (true, false) => matched += 1,
                (true, true) => {
                    used.insert(key.clone());
                    failures.push(format!(
                        "{component} / {}: matches but is in the allow-list",
                        fixture.name
                    ));
                }
                (false, true) => {
                    used.insert(key.clone());
                    allowed_n += 1;
                }
                (false, false) => {
                    let actual = actual.unwrap_or_else(|e| e);
                    if only.as_deref().is_none_or(|o| o == component) {
                        let at = expected
                            .char_indices()
                            .zip(actual.chars())
                            .find(|((_, e), a)| e != a)
                            .map_or(expected.len().min(actual.len()), |((i, _), _)| i);
                        let from = expected.floor_char_boundary(at.saturating_sub(120));
                        let to_e = expected.ceil_char_boundary((at + 200).min(expected.len()));
                        let to_a = actual.ceil_char_boundary((at + 200).min(actual.len()));
                        failures.push(format!(
                            "{component} / {}:\n  expected: …{}\n  actual:   …{}",
                            fixture.name,
                            &expected[from..to_e],
                            actual.get(from..to_a).unwrap_or(&actual)
                        ));
                    } else {
                        failures.push(format!("{component} / {}", fixture.name));
                    }
                }
            }
        }
        println!(
            "{component:20} matched {matched:3} / {:3}, allowed {allowed_n}",
            file.fixtures.len()
        );
    }
    for key in allowed.keys() {
        if !used.contains(key) {
            failures.push(format!(
                "allow-list entry {} / {} names no example of a tested component",
                key.0, key.1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
