//! The questions of the casework forms as GOV.UK components, and the posted answers read
//! back: dates from GOV.UK's three boxes, text with the browser's line ends made plain.

use govuk::{
    ChoiceItem, ChoicesFieldset, Component, DateInput, ErrorMessage, Hint, Label, Legend, Radios,
    Select, SelectItem, Textarea,
};

use crate::html::{escape, text_input};

/// One question on a form. `name` is the field the use case names in its errors.
pub enum Field {
    /// A GOV.UK date input: `{name}-day`, `{name}-month`, `{name}-year`, sent on as YYYY-MM-DD.
    Date {
        name: &'static str,
        legend: &'static str,
        hint: Option<&'static str>,
    },
    Radios {
        name: &'static str,
        legend: &'static str,
        hint: Option<&'static str>,
        options: Vec<(String, String)>,
    },
    Select {
        name: &'static str,
        label: &'static str,
        hint: Option<&'static str>,
        /// The first, empty option ("Select a setting", "No change").
        empty: &'static str,
        options: Vec<(String, String)>,
    },
    Text {
        name: &'static str,
        label: &'static str,
        hint: Option<&'static str>,
    },
    Textarea {
        name: &'static str,
        label: &'static str,
        hint: Option<&'static str>,
    },
    /// A textarea per plan section, A to K, named `section_A` to `section_K`, filled with the
    /// current text so a caseworker edits rather than retypes.
    Sections {
        hint: &'static str,
        current: Vec<(String, String)>,
    },
}

impl Field {
    pub fn name(&self) -> &'static str {
        match self {
            Field::Date { name, .. }
            | Field::Radios { name, .. }
            | Field::Select { name, .. }
            | Field::Text { name, .. }
            | Field::Textarea { name, .. } => name,
            Field::Sections { .. } => "sections",
        }
    }

    /// The id the error summary links to: the first input of the field.
    pub fn anchor(&self) -> String {
        match self {
            Field::Date { name, .. } => format!("{name}-day"),
            Field::Sections { .. } => "section_A".into(),
            other => other.name().into(),
        }
    }
}

/// The posted form, as (name, value) pairs in the order sent.
#[derive(Default)]
pub struct Values(pub Vec<(String, String)>);

impl Values {
    /// The first value sent under `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A GOV.UK date input as the use cases read dates, YYYY-MM-DD. Empty when nothing was
    /// typed; anything that is not a day, month and four-digit year is passed on as typed, so
    /// the use case reports it with every other problem at once.
    pub fn date(&self, name: &str) -> String {
        crate::pages::form_support::iso_date(|p| self.get(&format!("{name}-{p}")).to_string())
    }

    /// A textarea's text with the browser's CRLF line ends made plain, so unchanged text
    /// compares equal to what is stored.
    pub fn text(&self, name: &str) -> String {
        self.get(name).replace("\r\n", "\n").trim().to_string()
    }
}

fn hint(text: Option<&str>) -> Option<Hint> {
    text.map(|t| Hint {
        text: Some(t.into()),
        ..Default::default()
    })
}

fn error(text: Option<&str>) -> Option<ErrorMessage> {
    text.map(|t| ErrorMessage {
        text: Some(t.into()),
        ..Default::default()
    })
}

fn legend(text: &str) -> Option<ChoicesFieldset> {
    Some(ChoicesFieldset {
        legend: Some(Legend {
            text: Some(text.into()),
            classes: Some("govuk-fieldset__legend--m".into()),
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn label(text: &str) -> Option<Label> {
    Some(Label {
        text: Some(text.into()),
        classes: Some("govuk-label--m".into()),
        ..Default::default()
    })
}

/// One field as HTML, with what was typed (after an error) or its default.
pub fn render_field(field: &Field, typed: Option<&Values>, error_text: Option<&str>) -> String {
    let value = |name: &str| typed.map(|v| v.get(name).to_string());
    match field {
        Field::Date {
            name,
            legend: text,
            hint: h,
        } => {
            let mut values = std::collections::BTreeMap::new();
            for part in ["day", "month", "year"] {
                let key = format!("{name}-{part}");
                if let Some(v) = value(&key) {
                    values.insert(key, govuk::Scalar::Str(v));
                }
            }
            DateInput {
                id: Some((*name).into()),
                name_prefix: Some((*name).into()),
                values,
                fieldset: legend(text),
                hint: hint(Some(h.unwrap_or("For example, 27 3 2026"))),
                error_message: error(error_text),
                ..Default::default()
            }
            .render()
        }
        Field::Radios {
            name,
            legend: text,
            hint: h,
            options,
        } => Radios {
            name: Some((*name).into()),
            value: value(name),
            fieldset: legend(text),
            hint: hint(*h),
            error_message: error(error_text),
            items: options
                .iter()
                .map(|(code, text)| {
                    Some(ChoiceItem {
                        value: Some(code.clone()),
                        text: Some(text.clone()),
                        ..Default::default()
                    })
                })
                .collect(),
            ..Default::default()
        }
        .render(),
        Field::Select {
            name,
            label: text,
            hint: h,
            empty,
            options,
        } => {
            let mut items = vec![SelectItem {
                value: Some(String::new()),
                text: Some((*empty).into()),
                ..Default::default()
            }];
            items.extend(options.iter().map(|(code, text)| SelectItem {
                value: Some(code.clone()),
                text: Some(text.clone()),
                ..Default::default()
            }));
            Select {
                id: Some((*name).into()),
                name: Some((*name).into()),
                value: value(name),
                label: label(text),
                hint: hint(*h),
                error_message: error(error_text),
                items,
                ..Default::default()
            }
            .render()
        }
        Field::Text {
            name,
            label: text,
            hint: h,
        } => text_input(
            name,
            text,
            &value(name).unwrap_or_default(),
            *h,
            error_text,
            Some("off"),
        ),
        Field::Textarea {
            name,
            label: text,
            hint: h,
        } => Textarea {
            id: Some((*name).into()),
            name: Some((*name).into()),
            value: value(name),
            label: label(text),
            hint: hint(*h),
            error_message: error(error_text),
            ..Default::default()
        }
        .render(),
        Field::Sections { hint: h, current } => {
            let boxes: String = app::casework::plans::SECTIONS
                .iter()
                .enumerate()
                .map(|(i, (letter, title))| {
                    let name = format!("section_{letter}");
                    let text = match typed {
                        Some(v) => v.get(&name).to_string(),
                        None => current
                            .iter()
                            .find(|(l, _)| l == letter)
                            .map(|(_, t)| t.clone())
                            .unwrap_or_default(),
                    };
                    Textarea {
                        id: Some(name.clone()),
                        name: Some(name),
                        rows: Some("4".into()),
                        value: Some(text),
                        label: Some(Label {
                            text: Some(format!("Section {letter}: {title}")),
                            classes: Some("govuk-label--s".into()),
                            ..Default::default()
                        }),
                        // The error about the sections as a whole is shown on the first.
                        error_message: if i == 0 { error(error_text) } else { None },
                        ..Default::default()
                    }
                    .render()
                })
                .collect();
            format!(
                "<h2 class=\"govuk-heading-m\">Sections of the plan</h2><div class=\"govuk-hint\">{}</div>{boxes}",
                escape(h)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_inputs_become_iso_dates_or_stay_as_typed() {
        let v = Values(vec![
            ("a-day".into(), "5".into()),
            ("a-month".into(), "1".into()),
            ("a-year".into(), "2026".into()),
            ("b-day".into(), "31".into()),
            ("b-month".into(), "2".into()),
            ("b-year".into(), "26".into()),
        ]);
        assert_eq!(v.date("a"), "2026-01-05");
        assert_eq!(v.date("b"), "26-2-31");
        assert_eq!(v.date("c"), "");
    }
}
