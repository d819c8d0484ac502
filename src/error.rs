//! The one error type, with the context a user needs to fix the problem.

use std::fmt;

/// Everything that can go wrong, by what the user has to fix.
///
/// Callers branch on the variant: [`Error::Plan`] means "fix the plan file",
/// [`Error::Input`] means "fix the data", [`Error::Overflow`] means a value
/// was too large to compute exactly, and [`Error::Io`] is a file that could
/// not be read. Each carries [`ErrorDetails`] naming the file, line and
/// column, plan, participant, component and field that are at fault, and a
/// message that says what would be valid.
///
/// # Example
///
/// ```
/// use incentive::{Error, Plan};
///
/// let err = Plan::from_toml("id = 'x'\nwieght = 1\n").unwrap_err();
/// assert!(matches!(err, Error::Plan(_)));
/// assert_eq!(err.details().line, Some(2));
/// assert!(err.to_string().contains("unknown field `wieght`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A plan is invalid: its file cannot be parsed, or it breaks a rule
    /// (weights not summing to 100%, unordered curve points, …).
    #[error("invalid plan: {0}")]
    Plan(Box<ErrorDetails>),
    /// Input data is invalid: a missing actual, a zero target, a rating off
    /// its scale, a plan id nobody defined, …
    #[error("invalid input: {0}")]
    Input(Box<ErrorDetails>),
    /// A value was too large for exact arithmetic.
    #[error("arithmetic overflow: {0}")]
    Overflow(Box<ErrorDetails>),
    /// A file could not be read.
    #[error("i/o error: {0}")]
    Io(Box<ErrorDetails>),
}

/// Where an error is and what would be valid.
///
/// Every field but `message` is optional: an error names as much of the
/// place as is known.
///
/// # Example
///
/// ```
/// use incentive::ErrorDetails;
///
/// let d = ErrorDetails {
///     plan: Some("demand-generation".into()),
///     component: Some("pipeline".into()),
///     field: Some("weight".into()),
///     message: "must be above 0%".into(),
///     ..ErrorDetails::default()
/// };
/// assert_eq!(
///     d.to_string(),
///     "plan `demand-generation`, component `pipeline`, field `weight`: must be above 0%"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorDetails {
    /// The file, as the caller named it.
    pub file: Option<String>,
    /// 1-based line in the file.
    pub line: Option<usize>,
    /// 1-based column in the file: in characters in a TOML file; in a CSV
    /// file, the field's position in its row, as a spreadsheet counts
    /// columns.
    pub column: Option<usize>,
    /// The plan's id.
    pub plan: Option<String>,
    /// The participant's id.
    pub participant: Option<String>,
    /// The component's id.
    pub component: Option<String>,
    /// The transaction (line, credit note, payment) at fault, by id.
    pub transaction: Option<String>,
    /// The field or key path, such as `weight` or `actuals.pipeline`.
    pub field: Option<String>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for ErrorDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(file) = &self.file {
            let mut s = format!("file `{file}`");
            if let Some(line) = self.line {
                s.push_str(&format!(" line {line}"));
                if let Some(col) = self.column {
                    s.push_str(&format!(" column {col}"));
                }
            }
            parts.push(s);
        } else if let Some(line) = self.line {
            let mut s = format!("line {line}");
            if let Some(col) = self.column {
                s.push_str(&format!(" column {col}"));
            }
            parts.push(s);
        }
        if let Some(p) = &self.participant {
            parts.push(format!("participant `{p}`"));
        }
        if let Some(p) = &self.plan {
            parts.push(format!("plan `{p}`"));
        }
        if let Some(c) = &self.component {
            parts.push(format!("component `{c}`"));
        }
        if let Some(t) = &self.transaction {
            parts.push(format!("transaction `{t}`"));
        }
        if let Some(x) = &self.field {
            parts.push(format!("field `{x}`"));
        }
        if parts.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", parts.join(", "), self.message)
        }
    }
}

impl Error {
    /// The error's place and message.
    pub fn details(&self) -> &ErrorDetails {
        match self {
            Error::Plan(d) | Error::Input(d) | Error::Overflow(d) | Error::Io(d) => d,
        }
    }

    pub(crate) fn details_mut(&mut self) -> &mut ErrorDetails {
        match self {
            Error::Plan(d) | Error::Input(d) | Error::Overflow(d) | Error::Io(d) => d,
        }
    }

    /// Sets the file name where none is set yet.
    pub(crate) fn in_file(mut self, file: Option<&str>) -> Error {
        let d = self.details_mut();
        if d.file.is_none() {
            d.file = file.map(str::to_owned);
        }
        self
    }

    pub(crate) fn plan(message: impl Into<String>) -> Error {
        Error::Plan(Box::new(ErrorDetails {
            message: message.into(),
            ..ErrorDetails::default()
        }))
    }

    pub(crate) fn input(message: impl Into<String>) -> Error {
        Error::Input(Box::new(ErrorDetails {
            message: message.into(),
            ..ErrorDetails::default()
        }))
    }

    pub(crate) fn overflow(what: impl fmt::Display) -> Error {
        Error::Overflow(Box::new(ErrorDetails {
            message: format!(
                "{what} does not fit in exact arithmetic (fractions of up to 256 bits); the values are too large or too finely divided to compute exactly"
            ),
            ..ErrorDetails::default()
        }))
    }

    pub(crate) fn io(path: &str, err: &std::io::Error) -> Error {
        Error::Io(Box::new(ErrorDetails {
            file: Some(path.to_owned()),
            message: err.to_string().to_lowercase(),
            ..ErrorDetails::default()
        }))
    }

    pub(crate) fn with_plan(mut self, plan: &str) -> Error {
        self.details_mut()
            .plan
            .get_or_insert_with(|| plan.to_owned());
        self
    }

    pub(crate) fn with_participant(mut self, participant: &str) -> Error {
        self.details_mut()
            .participant
            .get_or_insert_with(|| participant.to_owned());
        self
    }

    pub(crate) fn with_component(mut self, component: &str) -> Error {
        self.details_mut()
            .component
            .get_or_insert_with(|| component.to_owned());
        self
    }

    pub(crate) fn with_transaction(mut self, transaction: &str) -> Error {
        self.details_mut()
            .transaction
            .get_or_insert_with(|| transaction.to_owned());
        self
    }

    pub(crate) fn with_field(mut self, field: impl Into<String>) -> Error {
        let d = self.details_mut();
        if d.field.is_none() {
            d.field = Some(field.into());
        }
        self
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Error {
        let d = self.details_mut();
        d.line.get_or_insert(line);
        d.column.get_or_insert(column);
        self
    }
}

/// A convenient alias for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
