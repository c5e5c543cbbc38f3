use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool, PoolError, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub type DbPool = Pool<ConnectionManager<PgConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<PgConnection>>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

pub fn init_pool(database_url: &str) -> Result<DbPool, PoolError> {
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    Pool::builder().max_size(15).build(manager)
}

/// Runs at startup (server and seed tool): a schema we cannot migrate is fatal.
pub fn run_migrations(pool: &DbPool) {
    let mut conn = pool.get().expect("cannot get a connection for migrations");
    if let Err(e) = conn.run_pending_migrations(MIGRATIONS) {
        panic!("migrations failed: {e}");
    }
}
