#include "writerlock.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <sstream>
#include <sys/file.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace stackdeck::store {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(200);
constexpr std::size_t kMaxListBytes = 64 * 1024; // the list is ours, but a hostile one must not cost much

std::string lockPathFor(const std::string& workspacePath)
{
    return workspacePath + "-lock";
}

int openLockFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    return fd;
}

// The holder list is edited under a POSIX record lock (independent of the
// flock that is the writer lock itself); threads of one process also take
// this mutex, since record locks do not separate them.
std::mutex& listMutex()
{
    static std::mutex m;
    return m;
}

class ListEdit {
public:
    explicit ListEdit(int fd)
        : m_lock(listMutex())
        , m_fd(fd)
    {
        struct flock fl { };
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        while (::fcntl(m_fd, F_SETLKW, &fl) != 0 && errno == EINTR) { }
    }
    ~ListEdit()
    {
        struct flock fl { };
        fl.l_type = F_UNLCK;
        fl.l_whence = SEEK_SET;
        ::fcntl(m_fd, F_SETLK, &fl);
    }
    ListEdit(const ListEdit&) = delete;
    ListEdit& operator=(const ListEdit&) = delete;

    std::vector<std::string> read() const
    {
        std::string text(kMaxListBytes, '\0');
        const ssize_t n = ::pread(m_fd, text.data(), text.size(), 0);
        text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && alive(line))
                lines.push_back(line);
        }
        return lines;
    }

    void write(const std::vector<std::string>& lines) const
    {
        std::string text;
        for (const std::string& l : lines)
            text += l + '\n';
        if (::ftruncate(m_fd, 0) != 0)
            return; // the list is informative: a failure to update it changes no lock
        if (!text.empty())
            (void)!::pwrite(m_fd, text.data(), text.size(), 0);
    }

private:
    // "pid<TAB>kind<TAB>purpose<TAB>since": lines of processes that died without cleaning up are dropped.
    static bool alive(const std::string& line)
    {
        const long pid = std::strtol(line.c_str(), nullptr, 10);
        if (pid <= 0)
            return false;
        return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
    }

    std::unique_lock<std::mutex> m_lock;
    int m_fd;
};

// Closing any descriptor of the file drops every record lock the process
// holds on it, so a close waits for edits in other threads to finish.
void closeLockFile(int fd)
{
    const std::lock_guard lock(listMutex());
    ::close(fd);
}

std::string describe(const std::vector<std::string>& lines)
{
    std::vector<std::string> out;
    for (const std::string& line : lines) {
        std::vector<std::string> f;
        std::istringstream in(line);
        for (std::string part; std::getline(in, part, '\t');)
            f.push_back(part);
        if (f.size() < 4)
            continue;
        out.push_back("the " + f[2] + " of pid " + f[0] + " (since " + f[3] + ")");
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    std::string text;
    for (std::size_t i = 0; i < out.size(); ++i)
        text += (i ? ", " : "") + out[i];
    return text.empty() ? std::string("another Stackdeck program") : text;
}

std::string nowText()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm {};
    ::localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

} // namespace

WriterLock::WriterLock(int fd, std::string lockPath, Kind kind, std::string entry)
    : m_fd(fd)
    , m_lockPath(std::move(lockPath))
    , m_kind(kind)
    , m_entry(std::move(entry))
{
}

WriterLock::WriterLock(WriterLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_lockPath(std::move(other.m_lockPath))
    , m_kind(other.m_kind)
    , m_entry(std::move(other.m_entry))
{
}

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_lockPath = std::move(other.m_lockPath);
        m_kind = other.m_kind;
        m_entry = std::move(other.m_entry);
    }
    return *this;
}

WriterLock::~WriterLock()
{
    release();
}

void WriterLock::release()
{
    if (m_fd < 0)
        return;
    {
        const ListEdit edit(m_fd);
        std::vector<std::string> lines = edit.read();
        const auto mine = std::find(lines.begin(), lines.end(), m_entry);
        if (mine != lines.end())
            lines.erase(mine);
        edit.write(lines);
    }
    ::flock(m_fd, LOCK_UN);
    closeLockFile(m_fd);
    m_fd = -1;
}

Result<WriterLock> WriterLock::acquire(
    const std::string& workspacePath, Kind kind, const std::string& purpose, const WaitFn& wait)
{
    const std::string path = lockPathFor(workspacePath);
    int fd = -1;
    try {
        fd = openLockFile(path);
    } catch (const std::exception& e) {
        return Error {e.what()};
    }
    const int operation = (kind == Kind::Exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
    for (;;) {
        if (::flock(fd, operation) == 0)
            break;
        if (errno == EINTR)
            continue;
        if (errno != EWOULDBLOCK) {
            const std::string error = std::strerror(errno);
            closeLockFile(fd);
            return Error {"cannot lock " + path + ": " + error};
        }
        std::string held;
        {
            const ListEdit edit(fd);
            held = describe(edit.read());
        }
        if (!wait || !wait(held)) {
            closeLockFile(fd);
            return Error {workspacePath + " is in use by " + held + "; try again when it has finished"};
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    std::ostringstream entry;
    entry << ::getpid() << '\t' << (kind == Kind::Exclusive ? "exclusive" : "shared") << '\t' << purpose << '\t'
          << nowText() << '\t' << std::this_thread::get_id();
    {
        const ListEdit edit(fd);
        std::vector<std::string> lines = edit.read();
        lines.push_back(entry.str());
        edit.write(lines);
    }
    return WriterLock(fd, path, kind, entry.str());
}

std::string WriterLock::holders(const std::string& workspacePath)
{
    const int fd = ::open(lockPathFor(workspacePath).c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return {};
    std::vector<std::string> lines;
    {
        const ListEdit edit(fd);
        lines = edit.read();
    }
    closeLockFile(fd);
    return lines.empty() ? std::string() : describe(lines);
}

} // namespace stackdeck::store
