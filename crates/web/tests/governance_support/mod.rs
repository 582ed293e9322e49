//! What the forum tests share: a council with a forum clerk and a forum member signed in, and
//! posting the clerk's forms as a browser would.

#![allow(clippy::unwrap_used, dead_code)]

use app::staff::{NewStaff, add_staff};
use app::{Actor, Store};
use axum::http::StatusCode;
use domain::Role;

use super::common::{PASSWORD, la, post_form, router, staff_cookie};

pub async fn setup(store: &Store) -> (axum::Router, String, String) {
    let mut tx = store.begin().await.unwrap();
    tx.upsert_local_authorities(&[store::testing::bristol()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let admin = Actor::staff(la(), 0, vec![Role::LaAdmin], "test");
    for (name, email, role) in [
        ("Clerk Clarke", "clerk@example.org", "forum_clerk"),
        ("Manny Member", "member@example.org", "forum_member"),
    ] {
        let new = NewStaff {
            name: name.into(),
            email: email.into(),
            roles: vec![role.into()],
            password: Some(PASSWORD.into()),
            ..Default::default()
        };
        add_staff(store, &admin, new).await.unwrap();
    }
    (
        router(store),
        staff_cookie(store, "clerk@example.org").await,
        staff_cookie(store, "member@example.org").await,
    )
}

/// Posts a form and expects a redirect; returns where to.
pub async fn ok(router: &axum::Router, path: &str, cookie: &str, body: &str) -> String {
    let (status, page, location) = post_form(router, path, cookie, body).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{path} {body}: {page}");
    location.unwrap()
}

/// Sets up a Schools Forum as the clerk; its id.
pub async fn new_forum(r: &axum::Router, clerk: &str) -> i64 {
    let at = ok(
        r,
        "/governance",
        clerk,
        "name=Schools+Forum&kind=schools_forum",
    )
    .await;
    at.rsplit('/').next().unwrap().parse().unwrap()
}

/// Posts a form and expects it back with a problem; returns the page.
pub async fn refused(router: &axum::Router, path: &str, cookie: &str, body: &str) -> String {
    let (status, page, _) = post_form(router, path, cookie, body).await;
    assert_eq!(status, StatusCode::OK, "{path} {body}");
    assert!(page.contains("There is a problem"), "{page}");
    page
}

/// Percent-encodes a form value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An encoded form body of `fields`.
pub fn body(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of an attribute in one tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + end]))
}

/// What a browser would send from the form posting to `action` on `page`, as it stands: each
/// input's value and each select's selected option (the token is added when posting).
pub fn form_fields(page: &str, action: &str) -> Vec<(String, String)> {
    let start = page
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form posting to {action}: {page}"));
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..=end];
        if tag.starts_with("<input") {
            if let Some(name) = attribute(tag, "name")
                && name != "csrf_token"
            {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<select") {
            let name = attribute(tag, "name").unwrap();
            let close = rest.find("</select>").unwrap();
            let options = &rest[..close];
            let chosen = options
                .split("<option")
                .skip(1)
                .find(|o| o[..o.find('>').unwrap()].contains(" selected"))
                .or_else(|| options.split("<option").nth(1))
                .map(|o| {
                    attribute(&format!(" {}", &o[..o.find('>').unwrap()]), "value")
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            fields.push((name, chosen));
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end + 1..];
    }
    fields
}

/// Sets a field of a form, as a person changing it would.
pub fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    field.1 = value.to_string();
}

pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}
