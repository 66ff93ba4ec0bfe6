#pragma once

#include "util/result.h"
#include "workspacesession.h"
#include "writerlock.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>

namespace stackdeck::store {

// How a caller off the GUI thread reaches a session's connections for one job.
//
// Runs `fn(writer)` on the session's write lease while holding the workspace
// shared (as imports and the CLI's triage do), on the calling thread: call it
// from a worker, never the GUI thread (an import may hold the writer for a
// moment, a regroup the workspace for minutes). Waits for an exclusive holder
// until `cancel` is set or `patience` runs out; then fails naming the holder.
// `fn` returns a Result<T>; a thrown store error becomes an Error value.
template <typename Fn>
auto writeWithLease(const std::shared_ptr<WorkspaceSession>& session, const std::string& purpose, Fn fn,
    const std::atomic<bool>* cancel = nullptr, std::chrono::seconds patience = std::chrono::seconds(60))
    -> std::invoke_result_t<Fn, WorkspaceSession::Writer&>
{
    using R = std::invoke_result_t<Fn, WorkspaceSession::Writer&>;
    if (!session)
        return R(Error {"no workspace is open"});
    const auto deadline = std::chrono::steady_clock::now() + patience;
    auto lock = session->lock(WriterLock::Kind::Shared, purpose,
        [&](const std::string&) { return !(cancel && cancel->load()) && std::chrono::steady_clock::now() < deadline; });
    if (!lock)
        return R(lock.error());
    auto writer = session->writer();
    if (!writer)
        return R(writer.error());
    try {
        return fn(*writer);
    } catch (const std::exception& e) {
        return R(Error {purpose + ": " + e.what()});
    }
}

// The same, handing `fn` the write connection itself.
template <typename Fn>
auto writeWithSession(const std::shared_ptr<WorkspaceSession>& session, const std::string& purpose, Fn fn,
    const std::atomic<bool>* cancel = nullptr, std::chrono::seconds patience = std::chrono::seconds(60))
    -> std::invoke_result_t<Fn, sql::Database&>
{
    return writeWithLease(
        session, purpose, [&](WorkspaceSession::Writer& writer) { return fn(writer.db()); }, cancel, patience);
}

// The same for reading, on a pooled read-only connection of the calling thread
// (`fn` takes the reader lease).
template <typename Fn>
auto readWithLease(const std::shared_ptr<WorkspaceSession>& session, Fn fn)
    -> std::invoke_result_t<Fn, WorkspaceSession::Reader&>
{
    using R = std::invoke_result_t<Fn, WorkspaceSession::Reader&>;
    if (!session)
        return R(Error {"no workspace is open"});
    auto reader = session->reader();
    if (!reader)
        return R(reader.error());
    try {
        return fn(*reader);
    } catch (const std::exception& e) {
        return R(Error {std::string("reading the workspace: ") + e.what()});
    }
}

// The same, handing `fn` the read-only connection itself.
template <typename Fn>
auto readWithSession(const std::shared_ptr<WorkspaceSession>& session, Fn fn)
    -> std::invoke_result_t<Fn, sql::Database&>
{
    return readWithLease(session, [&](WorkspaceSession::Reader& reader) { return fn(reader.db()); });
}

} // namespace stackdeck::store
