//! The tokio QMP client against the scripted fake server (which runs on a
//! thread of its own, so the client's runtime can be a current-thread one).

#![cfg(all(feature = "tokio", unix))]
#![allow(clippy::unwrap_used, missing_docs)]

mod fake;

use std::pin::Pin;
use std::time::{Duration, Instant};

use fake::{DeviceDelCommand, Event, QueryStatus, SHORT, Server, options};
use futures_core::Stream;
use qapi_runtime::client::tokio::Client;
use qapi_runtime::client::{CloseReason, Error, UnplugOutcome, Waiting};
use serde_json::{Value, json};

/// Every test is bounded, whatever the client does.
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future).await.expect("the test took too long")
}

#[tokio::test]
async fn executes_with_events_interleaved_through_the_stream() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        conn.event("STOP", json!({}));
        conn.event("DEVICE_DELETED", json!({"device": "nic0", "path": "/machine/peripheral/nic0"}));
        conn.reply(&command, json!({}));
        let command = conn.expect("query-status");
        conn.event("RESUME", json!({}));
        conn.reply(&command, json!({"running": true, "status": "running"}));
    });
    bounded(async {
        let client: Client<Event> = Client::connect_with(server.path.as_path(), &options()).await.unwrap();
        assert_eq!(client.greeting().version().qemu.major, 10);
        let mut events = client.events();
        client.execute(DeviceDelCommand { id: "nic0".into() }).await.unwrap();
        assert!(client.execute(QueryStatus {}).await.unwrap().running);
        let mut names = Vec::new();
        // Through the `Stream` trait itself, then the inherent `next`.
        while let Some(event) = std::future::poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await {
            names.push(event.unwrap().name().to_owned());
            if names.len() == 2 {
                break;
            }
        }
        while let Some(event) = events.next().await {
            names.push(event.unwrap().name().to_owned());
        }
        assert_eq!(names, ["STOP", "DEVICE_DELETED", "RESUME"]);
        assert!(matches!(client.closed(), Some(CloseReason::Eof)));
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn out_of_band_replies_may_overtake() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let (first, second) = fake::in_band_then_oob(conn.recv(), conn.recv());
        assert_eq!(first["execute"], "query-status");
        assert_eq!(second["exec-oob"], "x-ping");
        conn.reply(&second, json!("pong"));
        conn.reply(&first, json!({"running": false, "status": "paused"}));
        conn.wait_closed();
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options().oob(true)).await.unwrap();
        assert!(client.oob_enabled());
        let slow = client.execute(QueryStatus {});
        let fast = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            client.execute_raw(json!({"exec-oob": "x-ping"})).await
        };
        let (slow, fast) = tokio::join!(slow, fast);
        assert_eq!(fast.unwrap(), json!("pong"));
        assert!(!slow.unwrap().running);
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn a_server_closing_mid_reply_is_an_error() {
    let server = Server::unix(|conn| {
        conn.handshake();
        conn.expect("query-status");
        conn.send_raw(r#"{"return": {"#);
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options()).await.unwrap();
        match client.execute(QueryStatus {}).await {
            Err(Error::Closed(CloseReason::Truncated { partial })) => assert_eq!(partial, r#"{"return": {"#),
            other => panic!("unexpected {other:?}"),
        }
        assert!(client.events().next().await.is_none());
        assert!(matches!(client.execute(QueryStatus {}).await, Err(Error::Closed(_))));
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn garbage_is_an_error() {
    let server = Server::unix(|conn| {
        conn.handshake();
        conn.expect("query-status");
        conn.send_raw("\u{1b}[31m\n");
        conn.wait_closed();
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options()).await.unwrap();
        assert!(matches!(client.execute(QueryStatus {}).await, Err(Error::Closed(CloseReason::Garbage { .. }))));
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn connect_command_and_event_waits_time_out() {
    let silent = Server::unix(|conn| conn.wait_closed());
    bounded(async {
        let started = Instant::now();
        let result = Client::<Value>::connect_with(silent.path.as_path(), &options().connect_timeout(Some(SHORT))).await;
        assert!(matches!(result, Err(Error::Timeout(Waiting::Connect))), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    })
    .await;
    silent.finish();

    let server = Server::unix(|conn| {
        conn.handshake();
        let late = conn.expect("query-status");
        let next = conn.expect("query-status");
        conn.reply(&late, json!({"running": false, "status": "paused"}));
        conn.reply(&next, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options().command_timeout(Some(SHORT))).await.unwrap();
        assert!(matches!(client.execute(QueryStatus {}).await, Err(Error::Timeout(Waiting::Command))));
        assert!(client.execute(QueryStatus {}).await.unwrap().running);
        assert_eq!(client.unmatched_replies(), 1);
        assert!(matches!(client.next_event(Some(SHORT)).await, Err(Error::Timeout(Waiting::Event))));
        assert!(matches!(client.events().next_timeout(Some(Duration::ZERO)).await, Err(Error::Timeout(Waiting::Event))));
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn works_over_tcp_and_unplugs() {
    let server = Server::tcp(|conn| {
        conn.handshake();
        let command = conn.expect("device_del");
        conn.event("DEVICE_DELETED", json!({"path": "/machine/peripheral/kbd0/hid"}));
        conn.event("DEVICE_DELETED", json!({"device": "kbd0", "path": "/machine/peripheral/kbd0"}));
        conn.reply(&command, json!({}));
        let command = conn.expect("device_del");
        conn.reply(&command, json!({}));
        conn.event("DEVICE_UNPLUG_GUEST_ERROR", json!({"device": "cpu1", "path": "/machine/peripheral/cpu1"}));
        let command = conn.expect("device_del");
        conn.reply(&command, json!({}));
        conn.wait_closed();
    });
    let address = server.tcp.unwrap();
    bounded(async {
        let client: Client<Event> = Client::connect_with(address, &options()).await.unwrap();
        let outcome = client.device_del("kbd0", Duration::from_secs(2)).await.unwrap();
        assert!(matches!(&outcome, UnplugOutcome::Deleted(event) if event.data.as_ref().unwrap()["path"] == "/machine/peripheral/kbd0"), "{outcome:?}");
        assert!(matches!(client.device_del("cpu1", Duration::from_secs(2)).await.unwrap(), UnplugOutcome::GuestError(_)));
        assert_eq!(client.device_del("pci1", SHORT).await.unwrap(), UnplugOutcome::TimedOut);
        // The typed stream saw every event too.
        let mut events = client.events();
        let mut names = Vec::new();
        while let Ok(event) = events.next_timeout(Some(Duration::ZERO)).await {
            names.push(event.name().to_owned());
        }
        assert_eq!(names, ["DEVICE_DELETED", "DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR"]);
        let file = tempfile::tempfile().unwrap();
        use std::os::fd::AsFd as _;
        let result = client.execute_raw_with_fds(json!({"execute": "getfd", "arguments": {"fdname": "x"}}), &[file.as_fd()]).await;
        assert!(matches!(result, Err(Error::FdPassingUnsupported)));
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn passes_file_descriptors() {
    use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, recvmsg};
    use std::io::{IoSliceMut, Read as _, Seek as _, Write as _};
    use std::mem::MaybeUninit;
    use std::os::fd::AsFd as _;

    let server = Server::unix(|conn| {
        conn.handshake();
        let socket = conn.unix.take().unwrap();
        let mut bytes = vec![0; 4096];
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let received = recvmsg(&socket, &mut [IoSliceMut::new(&mut bytes)], &mut control, RecvFlags::empty()).unwrap();
        let command: Value = serde_json::from_slice(bytes[..received.bytes].trim_ascii()).unwrap();
        assert_eq!(command["execute"], "add-fd");
        let mut fds = Vec::new();
        for message in control.drain() {
            if let RecvAncillaryMessage::ScmRights(rights) = message {
                fds.extend(rights);
            }
        }
        assert_eq!(fds.len(), 1);
        let mut file = std::fs::File::from(fds.pop().unwrap());
        let mut text = String::new();
        file.rewind().unwrap();
        file.read_to_string(&mut text).unwrap();
        assert_eq!(text, "async");
        conn.reply(&command, json!({"fdset-id": 1, "fd": 42}));
        conn.wait_closed();
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options()).await.unwrap();
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"async").unwrap();
        let value = client.execute_raw_with_fds(json!({"execute": "add-fd", "arguments": {"fdset-id": 1}}), &[file.as_fd()]).await.unwrap();
        assert_eq!(value["fd"], 42);
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn the_buffer_drops_the_oldest_events() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("query-status");
        for number in 0..4 {
            conn.event("NUMBER", json!({"n": number}));
        }
        conn.reply(&command, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options().event_buffer(1)).await.unwrap();
        client.execute(QueryStatus {}).await.unwrap();
        assert_eq!(client.dropped_events(), 3);
        assert_eq!(client.next_event(Some(SHORT)).await.unwrap()["data"]["n"], 3);
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn a_cancelled_command_does_not_break_the_connection() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let first = conn.expect("query-status");
        let second = conn.expect("query-status");
        conn.reply(&first, json!({"running": false, "status": "paused"}));
        conn.reply(&second, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    bounded(async {
        let client: Client = Client::connect_with(server.path.as_path(), &options()).await.unwrap();
        // Dropped after it was sent, before its reply.
        let cancelled = tokio::time::timeout(Duration::from_millis(50), client.execute(QueryStatus {})).await;
        assert!(cancelled.is_err());
        assert!(client.execute(QueryStatus {}).await.unwrap().running);
        assert_eq!(client.unmatched_replies(), 1);
    })
    .await;
    server.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_run_from_spawned_tasks() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let one = conn.expect("query-status");
        let two = conn.expect("query-status");
        conn.reply(&two, json!({"running": true, "status": "running"}));
        conn.reply(&one, json!({"running": true, "status": "running"}));
        conn.wait_closed();
    });
    bounded(async {
        let client: std::sync::Arc<Client> = std::sync::Arc::new(Client::connect_with(server.path.as_path(), &options()).await.unwrap());
        let tasks: Vec<_> = (0..2)
            .map(|_| {
                let client = std::sync::Arc::clone(&client);
                tokio::spawn(async move { client.execute(QueryStatus {}).await })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap().unwrap().running);
        }
        let events = client.events();
        tokio::spawn(async move {
            let mut events = events;
            events.next_timeout(Some(Duration::ZERO)).await
        })
        .await
        .unwrap()
        .unwrap_err();
    })
    .await;
    server.finish();
}

#[tokio::test]
async fn asks_the_server_what_it_supports() {
    let server = Server::unix(|conn| {
        conn.handshake();
        let command = conn.expect("query-qmp-schema");
        conn.reply(&command, json!([
            {"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
            {"name": "STOP", "meta-type": "event", "arg-type": "0"},
            {"name": "0", "meta-type": "object", "members": []},
            {"name": "1", "meta-type": "object", "members": [{"name": "running", "type": "bool"}]},
            {"name": "bool", "meta-type": "builtin", "json-type": "boolean"}
        ]));
        let command = conn.expect("query-qmp-schema");
        conn.reply(&command, json!({"not": "introspection"}));
    });
    bounded(async {
        let client: Client<Event> = Client::connect_with(server.path.as_path(), &options()).await.unwrap();
        let schema = client.server_schema().await.unwrap();
        assert!(schema.supports::<QueryStatus>() && !schema.supports::<DeviceDelCommand>());
        assert!(schema.sends_member("query-status", "running") && !schema.sends_member("query-status", "status"));
        assert!(schema.emits_event("STOP") && !schema.emits_event("DEVICE_DELETED"));
        match client.server_schema().await {
            Err(Error::Decode { raw, .. }) => assert_eq!(raw, json!({"not": "introspection"})),
            other => panic!("unexpected {other:?}"),
        }
    })
    .await;
    server.finish();
}
