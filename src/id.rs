//! The one check of ids, names and period labels, wherever inputs enter
//! (TOML, JSON and CSV inputs, the streaming reader, plan-year files,
//! credit data, import profiles); a leaf module, so that every reader can
//! use it.

use serde::Deserialize;

use crate::error::{Error, Result};

/// What a checked text is, for [`check_id`]: an id (participant, plan,
/// transaction), a period label or a display name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdKind {
    /// A participant's id.
    Participant,
    /// A plan's id.
    Plan,
    /// A period label, such as `2026-Q1`.
    Period,
    /// A participant's display name.
    Name,
    /// A transaction's id.
    Transaction,
}

impl IdKind {
    /// The field the text is read from.
    pub(crate) fn field(self) -> &'static str {
        match self {
            IdKind::Participant => "participant",
            IdKind::Plan => "plan",
            IdKind::Period => "period",
            IdKind::Name => "name",
            IdKind::Transaction => "id",
        }
    }

    fn what(self) -> &'static str {
        match self {
            IdKind::Participant => "a participant id",
            IdKind::Plan => "a plan id",
            IdKind::Period => "a period label",
            IdKind::Name => "a name",
            IdKind::Transaction => "a transaction id",
        }
    }
}

/// The characters a spreadsheet reads as the start of a formula when a
/// cell begins with one (see `crate::payroll::neutralise`).
pub(crate) const FORMULA_PREFIXES: [char; 4] = ['=', '+', '-', '@'];

/// The one check of every id, period label and name wherever inputs enter
/// (TOML, JSON, CSV, the streaming reader, plan-year files, credit data,
/// import profiles): not empty or only spaces, no control character (a
/// CR or LF would forge a line of a text statement), and for ids and
/// period labels no leading `=`, `+`, `-` or `@` (a formula in a
/// spreadsheet). A name may start with one: it is neutralised when a CSV
/// is written.
///
/// # Errors
///
/// [`Error::Input`] with the kind's field (`participant`, `plan`,
/// `period`, `name`, `id`); the caller adds the file, line and
/// participant.
pub(crate) fn check_id(kind: IdKind, value: &str) -> Result<()> {
    id_problem(kind, value).map_or(Ok(()), |m| Err(Error::input(m).with_field(kind.field())))
}

/// Whether `message` is one of [`check_id`]'s, as a deserializer passes
/// it on.
pub(crate) fn is_id_message(message: &str) -> bool {
    [
        " is empty or only spaces; give ",
        " holds the control character ",
        " which a spreadsheet reads as a formula; ",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// What is wrong with `value` as a `kind`, as [`check_id`] says it.
fn id_problem(kind: IdKind, value: &str) -> Option<String> {
    // The common case (`p00042`, `2026-Q1`, `Dana Smith`): a letter or a
    // digit first, then printable ASCII. Nothing below objects to it, and
    // every evaluation of inputs checks its ids, so answer in one pass.
    if value
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && value.bytes().all(|b| (0x20..0x7f).contains(&b))
    {
        return None;
    }
    let what = kind.what();
    if value.trim().is_empty() {
        return Some(format!(
            "{what} is empty or only spaces; give {what} with at least one visible character"
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Some(format!(
            "{what} `{}` holds the control character {}; ids, names and period labels are one line of text with no control characters",
            value.escape_debug(),
            c.escape_unicode()
        ));
    }
    if kind != IdKind::Name && value.starts_with(FORMULA_PREFIXES) {
        return Some(format!(
            "{what} `{value}` starts with `{}`, which a spreadsheet reads as a formula; ids and period labels start with a letter, a digit or another character than `=`, `+`, `-` or `@`",
            value.chars().next().unwrap_or_default()
        ));
    }
    None
}

/// A serde check of a field with [`check_id`]: the message becomes the
/// deserializer's error, which carries the line and column.
pub(crate) fn de_id<'de, D: serde::Deserializer<'de>>(
    kind: IdKind,
    d: D,
) -> std::result::Result<String, D::Error> {
    let s = String::deserialize(d)?;
    match id_problem(kind, &s) {
        Some(m) => Err(serde::de::Error::custom(m)),
        None => Ok(s),
    }
}

pub(crate) fn de_participant<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    de_id(IdKind::Participant, d)
}

pub(crate) fn de_plan<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    de_id(IdKind::Plan, d)
}

fn de_opt<'de, D: serde::Deserializer<'de>>(
    kind: IdKind,
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    match s.as_deref().and_then(|v| id_problem(kind, v)) {
        Some(m) => Err(serde::de::Error::custom(m)),
        None => Ok(s),
    }
}

pub(crate) fn de_opt_period<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    de_opt(IdKind::Period, d)
}

pub(crate) fn de_opt_name<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    de_opt(IdKind::Name, d)
}

pub(crate) fn de_opt_participant<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    de_opt(IdKind::Participant, d)
}

pub(crate) fn de_period<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    de_id(IdKind::Period, d)
}
