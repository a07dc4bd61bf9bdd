pub fn all() -> crate::Result {
    Err("not yet".into())
}
