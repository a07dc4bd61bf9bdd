//! Outgoing webhooks (issue #12), built to the Standard Webhooks specification. So far: how a
//! delivery is signed (`signature`) and which addresses a delivery may never reach (`guard`).
//! Endpoints, the delivery queue on the outbox, the log and the pages come next.

pub mod guard;
pub mod signature;
