//! Hand-checked renders and escaping.

#![allow(clippy::unwrap_used)]

use govuk::{
    Attributes, Component, DateInput, ErrorMessage, GenericHeader, Hint, Input, Label, Scalar,
    SummaryCell, SummaryList, SummaryRow, Tag, escape,
};

#[test]
fn escapes_as_nunjucks_does() {
    assert_eq!(
        escape(r#"Tom & Jerry's <b>"show"</b>"#),
        "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;show&quot;&lt;/b&gt;"
    );
    assert_eq!(escape("plain text"), "plain text");
    // Runs of other text, multi-byte characters beside escaped ones, and the ends.
    assert_eq!(escape("<é>ß&\"'ü'"), "&lt;é&gt;ß&amp;&quot;&#39;ü&#39;");
    assert_eq!(escape("Zoë – Ødegård"), "Zoë – Ødegård");
    assert_eq!(escape(""), "");
}

#[test]
fn text_is_escaped_and_html_is_not() {
    let text = Tag {
        text: Some("<b>Draft</b>".into()),
        ..Tag::default()
    };
    assert_eq!(
        text.render(),
        r#"<strong class="govuk-tag">&lt;b&gt;Draft&lt;/b&gt;</strong>"#
    );
    let html = Tag {
        html: Some("<b>Draft</b>".into()),
        text: Some("ignored".into()),
        classes: Some("govuk-tag--grey".into()),
        attributes: Attributes::from_pairs([("data-id", "a\"b")]),
    };
    assert_eq!(
        html.render(),
        r#"<strong class="govuk-tag govuk-tag--grey" data-id="a&quot;b"><b>Draft</b></strong>"#
    );
}

#[test]
fn input_links_hint_and_error() {
    let input = Input {
        name: Some("upn".into()),
        label: Some(Label {
            text: Some("Unique pupil number".into()),
            ..Label::default()
        }),
        hint: Some(Hint {
            text: Some("13 characters".into()),
            ..Hint::default()
        }),
        error_message: Some(ErrorMessage {
            text: Some("Enter a UPN".into()),
            ..ErrorMessage::default()
        }),
        ..Input::default()
    };
    assert_eq!(
        input.render(),
        concat!(
            r#"<div class="govuk-form-group govuk-form-group--error">"#,
            r#"<label class="govuk-label" for="upn">Unique pupil number</label>"#,
            r#"<div id="upn-hint" class="govuk-hint">13 characters</div>"#,
            r#"<p id="upn-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter a UPN</p>"#,
            r#"<input class="govuk-input govuk-input--error" id="upn" name="upn" type="text" aria-describedby="upn-hint upn-error">"#,
            "</div>"
        )
    );
}

#[test]
fn header_shows_the_service_name_and_no_crown() {
    let header = GenericHeader {
        logo_text: Some("Exampleshire SEND".into()),
        ..GenericHeader::default()
    };
    let html = header.render();
    assert!(html.contains(
        r#"<a href="/" class="govuk-generic-header__homepage-link">Exampleshire SEND</a>"#
    ));
    assert!(!html.contains("<svg"));
}

#[test]
fn date_input_takes_values_by_name_and_marks_every_field_on_error() {
    let date = DateInput {
        id: Some("dob".into()),
        name_prefix: Some("dob".into()),
        values: [("dob-day".to_owned(), Scalar::Str("7".into()))].into(),
        error_message: Some(ErrorMessage {
            text: Some("Enter a real date".into()),
            ..ErrorMessage::default()
        }),
        ..DateInput::default()
    };
    let html = date.render();
    assert!(html.starts_with(concat!(
        r#"<div class="govuk-form-group govuk-form-group--error">"#,
        r#"<p id="dob-error" class="govuk-error-message">"#
    )));
    assert!(html.contains(concat!(
        r#"<input class="govuk-input govuk-date-input__input govuk-input--error govuk-input--width-2" "#,
        r#"id="dob-day" name="dob-day" type="text" value="7" inputmode="numeric">"#
    )));
    assert_eq!(html.matches("govuk-input--error").count(), 3);
    assert!(html.contains(r#"for="dob-year">Year</label>"#));
}

#[test]
fn summary_list_rows_escape_text() {
    let list = SummaryList {
        rows: vec![SummaryRow {
            key: SummaryCell {
                text: Some("Name".into()),
                ..SummaryCell::default()
            },
            value: SummaryCell {
                text: Some("O'Brien".into()),
                ..SummaryCell::default()
            },
            ..SummaryRow::default()
        }],
        ..SummaryList::default()
    };
    assert_eq!(
        list.render(),
        concat!(
            r#"<dl class="govuk-summary-list"><div class="govuk-summary-list__row">"#,
            r#"<dt class="govuk-summary-list__key">Name</dt>"#,
            r#"<dd class="govuk-summary-list__value">O&#39;Brien</dd></div></dl>"#
        )
    );
}
