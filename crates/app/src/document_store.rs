//! Where the bytes of documents are kept: object storage through the `object_store` crate. A
//! folder on the server's disk by default; Amazon S3 (`s3://bucket/prefix`) or Azure Blob
//! Storage (`az://container/prefix`) in production, in builds with the `s3` or `azure` feature,
//! with credentials from the usual environment variables (`AWS_…`, `AZURE_…`); in memory for
//! tests. The database holds what a document is and who may see it; this holds only bytes,
//! under keys that carry no personal data.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutPayload};
use store::Location;
use thiserror::Error;
use tokio::sync::OnceCell;

/// Document storage failed: the folder or service could not be reached, or an object was
/// missing. The message names the place, never a document's contents.
#[derive(Debug, Error)]
#[error("document storage ({place}): {detail}")]
pub struct DocumentStoreError {
    place: String,
    detail: String,
}

/// Where documents are kept. Cheap to clone: clones share one store.
#[derive(Clone)]
pub struct DocumentStore(Arc<Backend>);

enum Backend {
    Ready {
        store: Arc<dyn ObjectStore>,
        place: String,
    },
    /// A folder on disk, opened (and created) on first use, so that naming the default folder
    /// touches nothing on disk until a document is actually stored.
    Folder {
        dir: PathBuf,
        opened: OnceCell<Arc<dyn ObjectStore>>,
    },
}

impl std::fmt::Debug for DocumentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DocumentStore({})", self.place())
    }
}

impl DocumentStore {
    /// Documents kept in memory and lost when the process stops: for tests.
    pub fn in_memory() -> DocumentStore {
        DocumentStore(Arc::new(Backend::Ready {
            store: Arc::new(InMemory::new()),
            place: "memory".into(),
        }))
    }

    /// Documents kept in a folder on this server's disk, created when first needed.
    pub fn folder(dir: impl Into<PathBuf>) -> DocumentStore {
        DocumentStore(Arc::new(Backend::Folder {
            dir: dir.into(),
            opened: OnceCell::new(),
        }))
    }

    /// The default: a folder beside the SQLite database file (`highneeds.db` keeps its
    /// documents in `highneeds-documents`); for PostgreSQL, which has no file to sit beside,
    /// `highneeds-documents` in the working folder.
    pub fn default_folder(location: &Location) -> PathBuf {
        match location {
            Location::Sqlite(path) => {
                let stem = path
                    .file_stem()
                    .map_or_else(|| "highneeds".into(), |s| s.to_string_lossy());
                path.with_file_name(format!("{stem}-documents"))
            }
            Location::Postgres(_) => PathBuf::from("highneeds-documents"),
        }
    }

    /// Opens what `--documents` names: a folder path, `memory://`, or an object store URL
    /// (`s3://…` with the `s3` feature, `az://…` or `abfss://…` with `azure`). Credentials and
    /// other options come from the environment, as each service's own tools read them.
    pub fn open(spec: &str) -> Result<DocumentStore, DocumentStoreError> {
        let spec = spec.trim();
        let fail = |detail: String| DocumentStoreError {
            place: spec.to_string(),
            detail,
        };
        if !spec.contains("://") {
            if spec.is_empty() {
                return Err(fail("no folder or URL given".into()));
            }
            return Ok(DocumentStore::folder(spec));
        }
        let url = url::Url::parse(spec).map_err(|e| fail(format!("not a URL ({e})")))?;
        match url.scheme() {
            "memory" => return Ok(DocumentStore::in_memory()),
            "file" => {
                let dir = url
                    .to_file_path()
                    .map_err(|()| fail("not a local folder".into()))?;
                return Ok(DocumentStore::folder(dir));
            }
            _ => {}
        }
        // The environment's own names (AWS_REGION, AZURE_STORAGE_ACCOUNT_NAME…) are the
        // options object_store reads; variables it does not know are ignored.
        let (found, prefix) =
            object_store::parse_url_opts(&url, std::env::vars()).map_err(|e| {
                fail(format!(
                    "{e} (S3 and Azure need a build with the `s3` or `azure` feature)"
                ))
            })?;
        let store: Arc<dyn ObjectStore> = if prefix.as_ref().is_empty() {
            Arc::from(found)
        } else {
            Arc::new(PrefixStore::new(found, prefix))
        };
        let mut shown = url.clone();
        // Never print credentials someone put in the URL.
        let _ = shown.set_password(None);
        let _ = shown.set_username("");
        shown.set_query(None);
        Ok(DocumentStore(Arc::new(Backend::Ready {
            store,
            place: shown.to_string(),
        })))
    }

    /// Where documents go, for the server's start-up message and errors.
    pub fn place(&self) -> String {
        match self.0.as_ref() {
            Backend::Ready { place, .. } => place.clone(),
            Backend::Folder { dir, .. } => dir.display().to_string(),
        }
    }

    fn fail(&self, detail: impl std::fmt::Display) -> DocumentStoreError {
        DocumentStoreError {
            place: self.place(),
            detail: detail.to_string(),
        }
    }

    async fn store(&self) -> Result<&Arc<dyn ObjectStore>, DocumentStoreError> {
        match self.0.as_ref() {
            Backend::Ready { store, .. } => Ok(store),
            Backend::Folder { dir, opened } => {
                opened.get_or_try_init(|| async { open_folder(dir) }).await
            }
        }
    }

    /// Stores new bytes under a key that must not exist yet: a document's bytes are never
    /// overwritten.
    pub async fn put_new(&self, key: &str, bytes: Vec<u8>) -> Result<(), DocumentStoreError> {
        let path = object_path(key).map_err(|e| self.fail(e))?;
        let store = self.store().await?;
        store
            .put_opts(&path, PutPayload::from(bytes), PutMode::Create.into())
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The bytes stored under a key.
    pub async fn get(&self, key: &str) -> Result<Vec<u8>, DocumentStoreError> {
        let path = object_path(key).map_err(|e| self.fail(e))?;
        let store = self.store().await?;
        let found = store.get(&path).await.map_err(|e| self.fail(e))?;
        let bytes = found.bytes().await.map_err(|e| self.fail(e))?;
        Ok(Vec::from(bytes))
    }

    /// Removes the bytes under a key (used to undo a store whose database row was not saved).
    pub async fn delete(&self, key: &str) -> Result<(), DocumentStoreError> {
        let path = object_path(key).map_err(|e| self.fail(e))?;
        let store = self.store().await?;
        store.delete(&path).await.map_err(|e| self.fail(e))
    }
}

fn open_folder(dir: &Path) -> Result<Arc<dyn ObjectStore>, DocumentStoreError> {
    let fail = |detail: String| DocumentStoreError {
        place: dir.display().to_string(),
        detail,
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(format!("cannot create the folder ({e})")))?;
    let store = LocalFileSystem::new_with_prefix(dir).map_err(|e| fail(e.to_string()))?;
    Ok(Arc::new(store))
}

/// A key as object storage spells it. Keys are made by `app::documents` from numbers and hex,
/// so a key that does not parse is a bug, reported rather than stored somewhere unexpected.
fn object_path(key: &str) -> Result<object_store::path::Path, String> {
    object_store::path::Path::parse(key).map_err(|e| format!("bad key: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bytes_go_in_and_out_and_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("docs");
        for store in [DocumentStore::in_memory(), DocumentStore::folder(&folder)] {
            store
                .put_new("la/801/doc/1-ab", b"hello".to_vec())
                .await
                .unwrap();
            assert_eq!(store.get("la/801/doc/1-ab").await.unwrap(), b"hello");
            assert!(
                store
                    .put_new("la/801/doc/1-ab", b"other".to_vec())
                    .await
                    .is_err(),
                "{store:?} overwrote a document"
            );
            store.delete("la/801/doc/1-ab").await.unwrap();
            assert!(store.get("la/801/doc/1-ab").await.is_err());
        }
        assert!(
            folder.join("la/801/doc").is_dir(),
            "the folder was made on first use"
        );
    }

    #[test]
    fn the_default_folder_sits_beside_the_database() {
        let at = DocumentStore::default_folder(&Location::Sqlite("/srv/hn/council.db".into()));
        assert_eq!(at, PathBuf::from("/srv/hn/council-documents"));
        assert!(matches!(
            DocumentStore::open("memory://").unwrap().0.as_ref(),
            Backend::Ready { .. }
        ));
        assert!(DocumentStore::open("s3://bucket/docs").is_err() || cfg!(feature = "s3"));
        assert_eq!(DocumentStore::open("/tmp/x").unwrap().place(), "/tmp/x");
    }
}
