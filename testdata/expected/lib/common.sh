# Sourced by the scripts in this folder. Only POSIX sh, zcat, bro-cut, mawk, sort, uniq.
# Signature algorithms counted as "SHA1/MD5 family" (matched on the lower-cased
# certificate.sig_alg): md2/md4/md5*, *sha1* (sha1WithRSAEncryption, sha1WithRSA,
# ecdsa-with-SHA1, dsaWithSHA1, RSA-SHA1 ...), sha-1, shaWithRSAEncryption (SHA-0)
# and dsaWithSHA.  sha224/256/384/512 never match.
WEAK_RE='md2|md4|md5|sha1|sha-1|^shawith|^dsawithsha$'
export LC_ALL=C
