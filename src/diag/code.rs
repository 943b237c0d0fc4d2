//! The table of diagnostic codes: one stable id per kind of problem.
//!
//! Messages are prose in the site's language and may be reworded; the code
//! (`E-MONEY-RANGE`, `W-APPROVAL-MISSING`) does not change, so editors, CI
//! filters and tests match on it instead of on Chinese substrings. `E-` codes
//! are errors, `W-` codes warnings: a code's severity is the diagnostic's.
//! Every code is explained with an example and the fix in docs/diagnostics.md
//! (a test checks that each one is documented and that ids are unique).

use super::Severity;

macro_rules! codes {
    ($( $name:ident = $id:literal, $sev:ident, $summary:literal; )*) => {
        /// A stable diagnostic code; see [`Code::id`] and docs/diagnostics.md.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Code {
            $( #[doc = $summary] $name, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The printed id, e.g. `E-MONEY-RANGE`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$name => $id,)* }
            }

            /// Error or warning: fixed per code.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev,)* }
            }

            /// One line saying what the code means (English; the docs explain it).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => $summary,)* }
            }
        }
    };
}

codes! {
    // Reading files.
    FileRead = "E-FILE-READ", Error, "a file could not be read";
    FileTooLarge = "E-FILE-TOO-LARGE", Error, "a file is over the size limit";
    FileEncoding = "E-FILE-ENCODING", Error, "a file is not UTF-8 text";
    FileEmpty = "E-FILE-EMPTY", Error, "a file that must hold settings is empty";
    ContentMissing = "E-CONTENT-MISSING", Error, "no content directory, or no site.yaml in it";
    HouseholdsMissing = "E-HOUSEHOLDS-MISSING", Error, "households.yaml is missing";
    CalendarMissing = "W-CALENDAR-MISSING", Warning, "no holiday calendar for a year with records";
    EntryUnknown = "W-ENTRY-UNKNOWN", Warning, "an unknown file or folder at the top of the content directory";
    NotMarkdown = "W-NOT-MARKDOWN", Warning, "a file other than .md in a Markdown folder";
    SymlinkOutside = "E-SYMLINK-OUTSIDE", Error, "a symlink points outside the content directory";
    RecordsFolder = "E-RECORDS-FOLDER", Error, "something other than a month folder in records/";
    RecordFileIsDir = "E-RECORD-FILE-DIR", Error, "a record file name used by a folder";
    RecordFileUnknown = "E-RECORD-FILE-UNKNOWN", Error, "an unknown file in a month folder";
    FrontMatter = "E-FRONT-MATTER", Error, "front matter is not closed with ---";
    FrontMatterMissing = "E-FRONT-MATTER-MISSING", Error, "a Markdown file has no front matter";
    BulletinName = "E-BULLETIN-NAME", Error, "a bulletin file is not named for a quarter";
    // YAML.
    YamlSyntax = "E-YAML-SYNTAX", Error, "the file is not valid YAML";
    YamlTab = "E-YAML-TAB", Error, "a tab where YAML needs spaces";
    YamlSlip = "E-YAML-SLIP", Error, "a keyboard slip (full-width colon, missing space, ...) breaks the YAML";
    YamlDepth = "E-YAML-DEPTH", Error, "YAML nested too deeply";
    YamlAliasBudget = "E-YAML-ALIAS-BUDGET", Error, "YAML aliases expand to too many nodes";
    YamlSize = "E-YAML-SIZE", Error, "more YAML nodes than the file size allows";
    YamlAnchor = "E-YAML-ANCHOR", Error, "an alias names an anchor that was never defined";
    YamlMultiDoc = "E-YAML-MULTI-DOC", Error, "more than one YAML document in a file";
    // Shape of records and fields.
    ShapeMap = "E-SHAPE-MAP", Error, "a mapping (key: value) was expected";
    ShapeList = "E-SHAPE-LIST", Error, "a list was expected";
    ShapeFile = "E-SHAPE-FILE", Error, "the file's top level has the wrong shape";
    KeyNotText = "E-KEY-NOT-TEXT", Error, "a key is not plain text";
    KeyRepeated = "E-KEY-REPEATED", Error, "a key appears twice in one mapping";
    FieldMissing = "E-FIELD-MISSING", Error, "a required field is missing";
    FieldUnknown = "E-FIELD-UNKNOWN", Error, "an unknown field name";
    ValueType = "E-VALUE-TYPE", Error, "a value of the wrong type";
    ValueEmpty = "E-VALUE-EMPTY", Error, "a value that must not be empty is empty";
    ValueNotAllowed = "E-VALUE-NOT-ALLOWED", Error, "a value not in the allowed list";
    // Scalars.
    DateInvalid = "E-DATE-INVALID", Error, "not a valid date";
    DateTimeInvalid = "E-DATETIME-INVALID", Error, "not a valid date and time";
    MonthInvalid = "E-MONTH-INVALID", Error, "not a valid month";
    YearInvalid = "E-YEAR-INVALID", Error, "not a year";
    MoneyInvalid = "E-MONEY-INVALID", Error, "not a valid amount of money";
    MoneyRange = "E-MONEY-RANGE", Error, "an amount above the limit";
    MoneyNotPositive = "E-MONEY-NOT-POSITIVE", Error, "an amount that must be positive is not";
    BoolInvalid = "E-BOOL-INVALID", Error, "not true or false";
    IntInvalid = "E-INT-INVALID", Error, "not a whole number";
    IntNegative = "E-INT-NEGATIVE", Error, "a negative number where none is allowed";
    ScoreRange = "E-SCORE-RANGE", Error, "a score outside 1 to 5";
    AreaInvalid = "E-AREA-INVALID", Error, "a floor area that is not a positive number";
    TargetRange = "E-TARGET-RANGE", Error, "a KPI target outside 0 to 1";
    CalendarYear = "E-CALENDAR-YEAR", Error, "a calendar date filed under another year";
    // Rules within one record.
    RecordFolder = "E-RECORD-FOLDER", Error, "a record filed in another month's folder";
    TimeOrder = "E-TIME-ORDER", Error, "a time or date before the one it must follow";
    FollowupOpen = "E-FOLLOWUP-OPEN", Error, "a follow-up on a record that is not closed";
    UnitRequired = "E-UNIT-REQUIRED", Error, "an indoor ticket without a unit";
    ApprovalMissing = "W-APPROVAL-MISSING", Warning, "a repair cost at or above the approval threshold without approved_by";
    WaiverExceeds = "E-WAIVER-EXCEEDS", Error, "a waiver larger than the bill";
    MeetingAbout = "E-MEETING-ABOUT", Error, "a meeting analyses a month that has not begun";
    // Rules across records.
    UnitDuplicate = "E-UNIT-DUPLICATE", Error, "a unit listed twice in households.yaml";
    UnitUnknown = "E-UNIT-UNKNOWN", Error, "a unit not in households.yaml";
    IdDuplicate = "E-ID-DUPLICATE", Error, "two records with the same id";
    TicketUnknown = "E-TICKET-UNKNOWN", Error, "a ticket id that names no ticket";
    BillDuplicate = "E-BILL-DUPLICATE", Error, "two bills for the same unit, item and period";
    Overpaid = "W-OVERPAID", Warning, "payments to a bill exceed what it owes";
    PaymentNoBill = "E-PAYMENT-NO-BILL", Error, "a payment for a bill that does not exist";
    RoleUnknown = "E-ROLE-UNKNOWN", Error, "reports_to names a role that does not exist";
    RoleCycle = "E-ROLE-CYCLE", Error, "reports_to forms a cycle";
    // Building the site.
    BulletinUnpublished = "W-BULLETIN-UNPUBLISHED", Warning, "a bulletin for a quarter that has not ended is held back";
    StaticClash = "E-STATIC-CLASH", Error, "a static file has the path of a generated page";
    Template = "E-TEMPLATE", Error, "a theme template failed to parse or render";
    PersonalData = "E-PERSONAL-DATA", Error, "a public page contains personal information";
    // Figures and portfolio.
    FiguresRead = "E-FIGURES-READ", Error, "a figures file could not be read as JSON";
    FiguresSchema = "E-FIGURES-SCHEMA", Error, "a figures file has a missing or unknown schema";
    FiguresPeriod = "E-FIGURES-PERIOD", Error, "a figures file names a period that is not a month or quarter";
    FiguresInconsistent = "E-FIGURES-INCONSISTENT", Error, "a figures file's numbers contradict each other";
    PortfolioEntry = "E-PORTFOLIO-ENTRY", Error, "a portfolio entry needs exactly one of content or figures";
    PortfolioPath = "E-PORTFOLIO-PATH", Error, "a portfolio entry's path does not exist or is the wrong kind";
    PortfolioSpan = "E-PORTFOLIO-SPAN", Error, "an estate's records span too many months up to --date";
    PortfolioDuplicate = "E-PORTFOLIO-DUPLICATE", Error, "an estate is listed twice in the portfolio";
    PortfolioEstate = "E-PORTFOLIO-ESTATE", Error, "an estate of the portfolio has errors and cannot be rolled up";
    // Import.
    ImportSheet = "E-IMPORT-SHEET", Error, "the spreadsheet could not be read";
    ImportHeader = "E-IMPORT-HEADER", Error, "no header row in the spreadsheet";
    ImportColumnMissing = "E-IMPORT-COLUMN-MISSING", Error, "a required column is missing";
    ImportColumnClash = "E-IMPORT-COLUMN-CLASH", Error, "two columns give the same field equally well";
    ImportColumnIgnored = "W-IMPORT-COLUMN-IGNORED", Warning, "a column giving the same field as a better one is ignored";
    ImportDateTimeMap = "E-IMPORT-DATETIME-MAP", Error, "a date/time column mapping is incomplete or doubled";
    ImportColumnUnmapped = "E-IMPORT-COLUMN-UNMAPPED", Error, "a column of data that fills no field (it would be lost)";
    ImportColumnIgnoredNoField = "W-IMPORT-COLUMN-UNMAPPED", Warning, "a column that fills no field is ignored";
    ImportRowHidden = "W-IMPORT-ROW-HIDDEN", Warning, "a row hidden in Excel is skipped";
    ImportCell = "E-IMPORT-CELL", Error, "a cell's value cannot be converted";
    ImportRequired = "E-IMPORT-REQUIRED", Error, "a required cell is empty";
    ImportDuplicateRow = "E-IMPORT-DUPLICATE-ROW", Error, "two rows give the same record with different content";
    ImportExistingBroken = "E-IMPORT-EXISTING-BROKEN", Error, "the existing record a row would match has errors";
    ImportConflict = "E-IMPORT-CONFLICT", Error, "a row differs from a record already in the files";
    ImportNoAmount = "E-IMPORT-NO-AMOUNT", Error, "a fees row with neither a billed nor a paid amount";
    ImportUpdateInvalid = "E-IMPORT-UPDATE-INVALID", Error, "updating a record with a row would make it invalid";
    ImportInternal = "E-IMPORT-INTERNAL", Error, "internal error: a row could not be turned into a record";
    ImportMonth = "E-IMPORT-MONTH", Error, "a row outside the --month being imported";
    ImportWrite = "E-IMPORT-WRITE", Error, "the imported records could not be written";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids are unique, say their severity (`E-`/`W-`), and each is
    /// documented in docs/diagnostics.md (as a table cell `` `E-…` ``).
    #[test]
    fn codes_are_unique_and_documented() {
        let doc = include_str!("../../docs/diagnostics.md");
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let id = c.id();
            assert!(seen.insert(id), "{id} is used twice");
            let prefix = match c.severity() {
                Severity::Error => "E-",
                Severity::Warning => "W-",
            };
            assert!(id.starts_with(prefix), "{id}: severity {:?}", c.severity());
            assert!(doc.contains(&format!("| `{id}` |")), "{id} is not documented in docs/diagnostics.md");
        }
        // And the docs name no code the table lacks.
        for cell in doc.split("| `").skip(1) {
            let id = cell.split('`').next().unwrap_or("");
            if id.starts_with("E-") || id.starts_with("W-") {
                assert!(seen.contains(id), "docs/diagnostics.md documents unknown code {id}");
            }
        }
    }
}
