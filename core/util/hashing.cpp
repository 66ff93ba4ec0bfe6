#include "hashing.h"

#include <QByteArray>
#include <QCryptographicHash>

namespace stackdeck {

std::string md5Hex(std::string_view bytes)
{
    const QByteArray digest = QCryptographicHash::hash(
        QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())), QCryptographicHash::Md5);
    return digest.toHex().toStdString();
}

} // namespace stackdeck
