//! Authoring: the code behind the commands that write content files for people —
//! [`fmt`] (`statusgen fmt`), [`new`] (`statusgen new`) and [`init`] (`statusgen init`).

pub mod fmt;
pub mod init;
pub mod new;
