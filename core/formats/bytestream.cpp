#include "bytestream.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stackdeck {

ByteStream::~ByteStream() = default;

namespace {

class FileStream final : public ByteStream {
public:
    FileStream(int fd, bool owned, std::int64_t total)
        : m_fd(fd)
        , m_owned(owned)
        , m_total(total)
    {
    }
    ~FileStream() override
    {
        if (m_owned)
            ::close(m_fd);
    }
    FileStream(const FileStream&) = delete;
    FileStream& operator=(const FileStream&) = delete;

    Result<std::size_t> read(char* buffer, std::size_t capacity) override
    {
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, capacity);
            if (n >= 0) {
                m_consumed += n;
                return static_cast<std::size_t>(n);
            }
            if (errno != EINTR)
                return Error {std::string("read failed: ") + std::strerror(errno)};
        }
    }
    std::int64_t bytesConsumed() const override { return m_consumed; }
    std::int64_t totalBytes() const override { return m_total; }

private:
    int m_fd;
    bool m_owned;
    std::int64_t m_total;
    std::int64_t m_consumed = 0;
};

class BufferStream final : public ByteStream {
public:
    explicit BufferStream(std::string bytes)
        : m_bytes(std::move(bytes))
    {
    }
    Result<std::size_t> read(char* buffer, std::size_t capacity) override
    {
        const std::size_t n = std::min(capacity, m_bytes.size() - m_pos);
        std::memcpy(buffer, m_bytes.data() + m_pos, n);
        m_pos += n;
        return n;
    }
    std::int64_t bytesConsumed() const override { return static_cast<std::int64_t>(m_pos); }
    std::int64_t totalBytes() const override { return static_cast<std::int64_t>(m_bytes.size()); }

private:
    std::string m_bytes;
    std::size_t m_pos = 0;
};

std::int64_t regularFileSize(int fd)
{
    struct stat st { };
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        return static_cast<std::int64_t>(st.st_size);
    return -1;
}

} // namespace

Result<std::unique_ptr<ByteStream>> openFileStream(const std::string& path)
{
    if (path == "-")
        return std::unique_ptr<ByteStream>(new FileStream(STDIN_FILENO, false, regularFileSize(STDIN_FILENO)));
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return Error {"cannot open " + path + ": " + std::strerror(errno)};
    struct stat st { };
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return Error {"cannot read " + path + ": is a directory"};
    }
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    return std::unique_ptr<ByteStream>(new FileStream(fd, true, regularFileSize(fd)));
}

std::unique_ptr<ByteStream> bufferStream(std::string bytes)
{
    return std::make_unique<BufferStream>(std::move(bytes));
}

} // namespace stackdeck
