//! Delivery attempts of webhook events, kept with sea-orm.

use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub status: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn attempts_of(db: &DatabaseConnection, events: &[i64]) -> Result<Vec<Model>, DbErr> {
    let mut attempts = Vec::new();
    for event in events {
        let found = Entity::find() // expect: query-in-loop
            .filter(Column::EventId.eq(*event))
            .all(db)
            .await?;
        attempts.extend(found);
    }
    Ok(attempts)
}

pub async fn record(db: &DatabaseConnection, events: &[i64]) -> Result<(), DbErr> {
    for event in events {
        let attempt = ActiveModel { event_id: Set(*event), status: Set(0), ..Default::default() };
        attempt.insert(db).await?; // expect: query-in-loop
    }
    Ok(())
}

/// The batched forms: one `IN (..)` query, one multi-row insert.
pub async fn attempts_in(db: &DatabaseConnection, events: Vec<i64>) -> Result<Vec<Model>, DbErr> {
    Entity::find().filter(Column::EventId.is_in(events)).all(db).await
}

pub async fn record_all(db: &DatabaseConnection, events: &[i64]) -> Result<(), DbErr> {
    let attempts = events
        .iter()
        .map(|event| ActiveModel { event_id: Set(*event), status: Set(0), ..Default::default() });
    Entity::insert_many(attempts).exec(db).await?;
    Ok(())
}

/// Sets and iterators have `insert` and `all` too.
pub fn first_seen(events: &[i64]) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    let mut first = Vec::new();
    for event in events {
        if seen.insert(*event) {
            first.push(*event);
        }
    }
    first
}

pub fn all_positive(events: &[i64]) -> bool {
    events.iter().all(|event| *event > 0)
}
