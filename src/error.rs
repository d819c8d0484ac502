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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A plan is invalid: its file cannot be parsed, or it breaks a rule
    /// (weights not summing to 100%, unordered curve points, …).
    Plan(Box<ErrorDetails>),
    /// Input data is invalid: a missing actual, a zero target, a rating off
    /// its scale, a plan id nobody defined, …
    Input(Box<ErrorDetails>),
    /// A value was too large for exact arithmetic.
    Overflow(Box<ErrorDetails>),
    /// A file could not be read; [`std::error::Error::source`] gives the
    /// operating system's error.
    Io(Box<ErrorDetails>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Plan(d) => write!(f, "invalid plan: {d}"),
            Error::Input(d) => write!(f, "invalid input: {d}"),
            Error::Overflow(d) => write!(f, "arithmetic overflow: {d}"),
            Error::Io(d) => write!(f, "i/o error: {d}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.details()
            .io_source
            .as_ref()
            .map(|s| s.error() as &(dyn std::error::Error + 'static))
    }
}

/// What kind of problem an [`Error`] is, finer than its variant, for code
/// that reacts to some problems (a service that answers 404 to an unknown
/// plan and 422 to a missing input, a batch that retries I/O).
///
/// # Example
///
/// ```
/// use incentive::{ErrorKind, Inputs, PlanSet};
/// use rust_decimal_macros::dec;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let nobody = Inputs::new("dana", "no-such-plan");
/// assert_eq!(plans.evaluate(&nobody).unwrap_err().kind(), ErrorKind::UnknownPlan);
///
/// let dana = Inputs::new("dana", "demand-generation")
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// assert_eq!(plans.evaluate(&dana).unwrap_err().kind(), ErrorKind::MissingInput);
/// let off = dana.clone().actual("pipeline", dec!(1)).rating("campaign_effectiveness", dec!(6));
/// assert_eq!(plans.evaluate(&off).unwrap_err().kind(), ErrorKind::OffScale);
/// let zero = dana.actual("pipeline", dec!(1)).target("pipeline", dec!(0));
/// assert_eq!(plans.evaluate(&zero).unwrap_err().kind(), ErrorKind::ZeroTarget);
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A plan breaks a rule of the plan format (any [`Error::Plan`] not
    /// more precisely known).
    InvalidPlan,
    /// A key the format does not have, often a misspelling, in a plan,
    /// inputs or data file.
    UnknownField,
    /// Inputs name a plan the set or book does not hold.
    UnknownPlan,
    /// A value the computation needs is not given: an actual, a target, a
    /// rating, a period label, a base salary.
    MissingInput,
    /// A rating, score or label outside its scale.
    OffScale,
    /// A target at or below zero where attainment divides by it.
    ZeroTarget,
    /// A negative amount a rule cannot pay.
    NegativeAmount,
    /// One participant, id or period given twice.
    Duplicate,
    /// Any other invalid input (any [`Error::Input`] not more precisely
    /// known).
    InvalidInput,
    /// A value too large for exact arithmetic ([`Error::Overflow`]).
    Overflow,
    /// A file that could not be read ([`Error::Io`]).
    Io,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::InvalidPlan => "invalid plan",
            ErrorKind::UnknownField => "unknown field",
            ErrorKind::UnknownPlan => "unknown plan",
            ErrorKind::MissingInput => "missing input",
            ErrorKind::OffScale => "off scale",
            ErrorKind::ZeroTarget => "zero target",
            ErrorKind::NegativeAmount => "negative amount",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::Overflow => "overflow",
            ErrorKind::Io => "i/o",
        })
    }
}

/// The operating system's error behind an [`Error::Io`], shared so that
/// errors stay cheap to clone; two are equal when their kind and message
/// are.
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use std::error::Error as _;
///
/// let err = Plan::load("plans/no-such-plan.toml").unwrap_err();
/// let source = err.source().unwrap();
/// let io = source.downcast_ref::<std::io::Error>().unwrap();
/// assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
/// assert_eq!(err.details().io_source.as_ref().unwrap().error().kind(), std::io::ErrorKind::NotFound);
/// ```
#[derive(Debug, Clone)]
pub struct IoSource(std::sync::Arc<std::io::Error>);

impl IoSource {
    /// Wraps an I/O error.
    pub fn new(error: std::io::Error) -> IoSource {
        IoSource(std::sync::Arc::new(error))
    }

    /// The I/O error.
    pub fn error(&self) -> &std::io::Error {
        &self.0
    }
}

impl PartialEq for IoSource {
    fn eq(&self, other: &IoSource) -> bool {
        self.0.kind() == other.0.kind() && self.0.to_string() == other.0.to_string()
    }
}

impl Eq for IoSource {}

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
    /// What kind of problem it is, when known more precisely than the
    /// variant; [`Error::kind`] reads it.
    pub kind: Option<ErrorKind>,
    /// The operating system's error behind an [`Error::Io`].
    pub io_source: Option<IoSource>,
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
    /// What kind of problem this is: the kind recorded where it was found,
    /// or the variant's ([`ErrorKind::InvalidPlan`],
    /// [`ErrorKind::InvalidInput`], [`ErrorKind::Overflow`],
    /// [`ErrorKind::Io`]).
    pub fn kind(&self) -> ErrorKind {
        if let Some(k) = self.details().kind {
            return k;
        }
        match self {
            Error::Plan(_) => ErrorKind::InvalidPlan,
            Error::Input(_) => ErrorKind::InvalidInput,
            Error::Overflow(_) => ErrorKind::Overflow,
            Error::Io(_) => ErrorKind::Io,
        }
    }

    /// Records what kind of problem this is, where none is recorded yet.
    pub(crate) fn with_kind(mut self, kind: ErrorKind) -> Error {
        self.details_mut().kind.get_or_insert(kind);
        self
    }

    /// An input error: a value the computation needs is not given.
    pub(crate) fn missing(message: impl Into<String>) -> Error {
        Error::input(message).with_kind(ErrorKind::MissingInput)
    }

    /// An input error: a rating, score or label outside its scale.
    pub(crate) fn off_scale(message: impl Into<String>) -> Error {
        Error::input(message).with_kind(ErrorKind::OffScale)
    }

    /// An input error: a target at or below zero where attainment divides
    /// by it.
    pub(crate) fn zero_target(message: impl Into<String>) -> Error {
        Error::input(message).with_kind(ErrorKind::ZeroTarget)
    }

    /// An input error: a negative amount a rule cannot pay.
    pub(crate) fn negative_amount(message: impl Into<String>) -> Error {
        Error::input(message).with_kind(ErrorKind::NegativeAmount)
    }

    /// An input error: one participant, id or period given twice.
    pub(crate) fn duplicate(message: impl Into<String>) -> Error {
        Error::input(message).with_kind(ErrorKind::Duplicate)
    }

    /// An input error: inputs name a plan the set or book does not hold.
    pub(crate) fn unknown_plan(message: impl Into<String>) -> Error {
        Error::input(message).with_kind(ErrorKind::UnknownPlan)
    }

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

    pub(crate) fn io(path: &str, err: std::io::Error) -> Error {
        Error::Io(Box::new(ErrorDetails {
            file: Some(path.to_owned()),
            message: err.to_string().to_lowercase(),
            io_source: Some(IoSource::new(err)),
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
