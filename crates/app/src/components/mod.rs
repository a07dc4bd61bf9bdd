//! Small reusable pieces of the pages.

mod field;

pub use field::{Field, FieldState};
