#!/bin/sh
# maytinhcu-capture.sh 1.0.0 — báo cáo phần cứng cho chương trình Máy tính cũ.
#
# VI: Chạy với quyền root trên USB live (ví dụ Debian live) cắm vào máy cần kiểm tra:
#       sudo sh maytinhcu-<mã>.sh            (chỉ đọc, gửi báo cáo)
#       sudo sh maytinhcu-<mã>.sh --xoa      (đọc, rồi XOÁ ổ đĩa sau khi bạn xác nhận)
#     Script CHỈ ĐỌC thông tin phần cứng: lshw, dmidecode, lsblk, smartctl (nếu có),
#     /proc/cpuinfo, /proc/meminfo, /proc/asound/cards, /sys/class/power_supply (pin),
#     /sys/class/video4linux (camera), /sys/class/net (Wi-Fi), /etc/os-release.
#     Script KHÔNG BAO GIỜ đọc tệp của người dùng (tài liệu, ảnh, dữ liệu trình duyệt),
#     không gắn (mount) ổ đĩa nào, và không ghi gì lên ổ đĩa của máy.
#     Chỉ khi có --xoa, và chỉ sau khi bạn gõ đúng số serial của TỪNG ổ đĩa ngay trên máy
#     này, script mới xoá ổ đó; không bao giờ xoá chính USB live hay ổ đang được dùng.
#     Báo cáo được gửi lên cổng thông tin; không có mạng thì lưu thành tệp
#     maytinhcu-<mã>-<thời điểm>.json để tải lên sau ở trang của thiết bị.
#     Cổng thông tin không nhận báo cáo thì script in lý do cổng thông tin đưa ra.
#
# EN: Run as root on a live USB (e.g. Debian live) plugged into the machine to check:
#       sudo sh maytinhcu-<code>.sh          (read only, send the report)
#       sudo sh maytinhcu-<code>.sh --xoa    (read, then ERASE disks once you confirm)
#     The script ONLY READS hardware facts (the tools and files listed above).
#     It NEVER reads user files (documents, photos, browser data), mounts no disk and
#     writes nothing to the machine's disks. Only with --xoa, and only after you type the serial number of
#     EACH disk on this machine, does it erase that disk; never the live USB itself nor a
#     disk in use. The report is posted to the portal; offline it is saved as
#     maytinhcu-<code>-<timestamp>.json, to upload later on the device's page.
#     When the portal refuses the report, the script prints the portal's reason.
#
# Erase methods (--xoa), after NIST SP 800-88:
#   SSD, NVMe, eMMC (not rotational): `blkdiscard -s` (secure discard: Purge); if the disk
#     cannot, `blkdiscard -z` (writes zeros over the whole disk: Clear). A plain discard is
#     not used: whether discarded blocks read back as zeros depends on the drive.
#   HDD (rotational): `shred -n 1 -z` (one random pass, then zeros: Clear).
#   nwipe is not run: it would erase with its own prompts, outside the per-disk check here.
#
# The portal serves this file with a header that sets MTC_DEVICE_CODE, MTC_TOKEN and
# MTC_UPLOAD_URL; everything from the "#!/bin/sh" line above is the published script, whose
# SHA-256 the portal shows.
#
# For testing only: MTC_ROOT (default empty) is put before /proc, /sys and /etc, and MTC_DEV
# (default /dev) is the folder of the disks' device nodes, so the script can run against
# fake files. Nothing else reads them.

MTC_VERSION=1.0.0
MTC_TOOL=maytinhcu-capture.sh
: "${MTC_DEVICE_CODE:=}" "${MTC_TOKEN:=}" "${MTC_UPLOAD_URL:=}"
: "${MTC_ROOT:=}" "${MTC_DEV:=/dev}"

LC_ALL=C
export LC_ALL
umask 077

TAB=$(printf '\t')

# --- JSON text, safe whatever a tool prints -------------------------------------------

# Input made valid UTF-8: invalid bytes dropped (dmidecode prints what the firmware holds).
utf8() {
    if command -v iconv >/dev/null 2>&1; then
        iconv -c -f UTF-8 -t UTF-8 2>/dev/null
    else
        tr -d '\200-\377'
    fi
}

# stdin as the inside of a JSON string: control characters dropped, \ and " and tab
# escaped, each line ended by \n ("text" mode) or lines joined by \n ("value" mode).
json_escape() {
    utf8 | tr -d '\000-\010\013-\037' |
        sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$TAB/\\\\t/g" |
        awk -v mode="$1" '{ if (mode == "text") printf "%s\\n", $0; else { if (NR > 1) printf "\\n"; printf "%s", $0 } }'
}

# A JSON string from stdin (whole text, line ends kept).
json_text() {
    printf '"'
    json_escape text
    printf '"'
}

# A JSON string from an argument (one value, no line end added).
json_value() {
    printf '"'
    printf '%s' "$1" | json_escape value
    printf '"'
}

# The file as a JSON string, or null when it is not there.
json_file() {
    if [ -r "$1" ]; then json_text <"$1"; else printf 'null'; fi
}

# Does the file hold one JSON value? Checked with python3 or jq when the live system has
# one; otherwise the tool's own JSON is trusted once made valid UTF-8 without control bytes.
json_valid() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2>/dev/null
    elif command -v jq >/dev/null 2>&1; then
        jq -e . "$1" >/dev/null 2>&1
    else
        first=$(tr -d ' \t\r\n' <"$1" | cut -c1)
        [ "$first" = "{" ] || [ "$first" = "[" ]
    fi
}

# A command's JSON output (tool name, then its arguments), or null when the tool is
# missing or printed no valid JSON.
json_of() {
    tool=$1
    if ! command -v "$tool" >/dev/null 2>&1; then
        printf 'null'
        return
    fi
    "$@" 2>/dev/null | utf8 | tr -d '\000-\010\013\014\016-\037' >"$WORK/tool.json"
    if [ -s "$WORK/tool.json" ] && json_valid "$WORK/tool.json"; then
        cat "$WORK/tool.json"
    else
        printf 'null'
    fi
}

now_iso() {
    date +%Y-%m-%dT%H:%M:%S%z | sed 's/\([0-9][0-9]\)$/:\1/'
}

say() {
    printf '%s\n' "$*" >&2
}

# --- disks ----------------------------------------------------------------------------

# Names of whole disks (sda, nvme0n1, mmcblk0), one a line.
disk_names() {
    command -v lsblk >/dev/null 2>&1 || return 0
    lsblk -dn -o NAME,TYPE 2>/dev/null | while read -r name type; do
        case $name in *[!A-Za-z0-9_-]* | "") continue ;; esac
        [ "$type" = disk ] && printf '%s\n' "$name"
    done
}

disk_field() {
    lsblk -dn -o "$2" "$MTC_DEV/$1" 2>/dev/null | head -n 1 | sed -e 's/^ *//' -e 's/ *$//'
}

# A disk in use: a partition of it mounted (the live USB is mounted at /run/live/medium),
# used as swap, or held by LVM/RAID/encryption.
disk_in_use() {
    if cat "$MTC_ROOT/proc/mounts" "$MTC_ROOT/proc/swaps" 2>/dev/null | awk -v disk="/dev/$1" '
        $1 == disk || (index($1, disk) == 1 && substr($1, length(disk) + 1) ~ /^p?[0-9]+$/) { found = 1 }
        END { exit !found }'; then
        return 0
    fi
    for holder in "$MTC_ROOT/sys/block/$1/holders/"* "$MTC_ROOT/sys/block/$1/$1"*/holders/*; do
        [ -e "$holder" ] && return 0
    done
    return 1
}

# --- erase (only with --xoa) ----------------------------------------------------------

erase_disk() {
    # $1 device, $2 rotational (1/0); prints the method used, returns the tool's status.
    if [ "$2" = 1 ]; then
        printf 'clear'
        shred -n 1 -z "$1"
        return
    fi
    if blkdiscard -s "$1" 2>/dev/null; then
        printf 'purge'
        return 0
    fi
    printf 'clear'
    blkdiscard -z "$1"
}

# A spot check after an overwrite that ends with zeros: the first MiB reads back as zeros.
zeros_at_start() {
    [ "$(head -c 1048576 "$1" | tr -d '\000' | wc -c)" -eq 0 ]
}

erase_disks() {
    WIPE_DISKS=""
    WIPE_METHOD=""
    WIPE_TOOLS=""
    WIPE_STARTED=$(now_iso)
    for name in $(disk_names); do
        device="$MTC_DEV/$name"
        serial=$(disk_field "$name" SERIAL)
        model=$(disk_field "$name" MODEL)
        size=$(disk_field "$name" SIZE)
        rota=$(disk_field "$name" ROTA)
        removable=$(disk_field "$name" RM)
        if disk_in_use "$name"; then
            say "Bỏ qua $device ($model): ổ đang được dùng (USB live hoặc đã gắn) — không xoá."
            continue
        fi
        if [ "$removable" = 1 ]; then
            say "Bỏ qua $device ($model): ổ tháo rời (USB, thẻ nhớ) — không xoá."
            continue
        fi
        if [ "$rota" = 1 ]; then kind="HDD: shred -n 1 -z"; else kind="SSD: blkdiscard -s / -z"; fi
        expected=${serial:-XOA $name}
        say ""
        say "Ổ đĩa $device — $model, số serial: ${serial:-(không có)}, dung lượng: $size, $kind"
        say "MỌI DỮ LIỆU TRÊN Ổ NÀY SẼ MẤT VĨNH VIỄN. Để xoá, gõ đúng: $expected"
        say "(gõ khác hoặc để trống: không xoá ổ này)"
        printf '> ' >&2
        answer=""
        IFS= read -r answer || answer=""
        answer=$(printf '%s' "$answer" | sed -e 's/^ *//' -e 's/ *$//')
        if [ -z "$answer" ] || { [ "$answer" != "$expected" ] && [ "$answer" != "XOA $expected" ]; }; then
            say "Không khớp: KHÔNG xoá $device."
            continue
        fi
        say "Đang xoá $device… (có thể mất nhiều giờ với ổ lớn)"
        method=$(erase_disk "$device" "$rota")
        status=$?
        if [ "$status" = 0 ] && { [ "$method" = purge ] || zeros_at_start "$device"; }; then
            result=ok
        else
            result=failed
        fi
        say "Xoá $device: $([ "$result" = ok ] && echo 'xong' || echo 'THẤT BẠI')."
        if [ "$result" = ok ]; then
            # The weakest method any disk got is the one the whole wipe can claim.
            if [ "$method" = clear ] || [ -z "$WIPE_METHOD" ]; then WIPE_METHOD=$method; fi
        fi
        case $rota-$method in
            1-*) tool="shred -n 1 -z" ;;
            *-purge) tool="blkdiscard -s" ;;
            *) tool="blkdiscard -z" ;;
        esac
        case " $WIPE_TOOLS;" in *" $tool;"*) ;; *) WIPE_TOOLS="$WIPE_TOOLS $tool;" ;; esac
        entry="{\"serial\":$(json_value "$serial"),\"model\":$(json_value "$model"),\"result\":\"$result\"}"
        WIPE_DISKS="${WIPE_DISKS:+$WIPE_DISKS,}$entry"
    done
    WIPE_FINISHED=$(now_iso)
}

wipe_json() {
    if [ -z "$WIPE_DISKS" ]; then
        printf 'null'
        return
    fi
    # Every disk failed: the method tried is still named; each disk says "failed".
    method=${WIPE_METHOD:-clear}
    tools=$(printf '%s' "$WIPE_TOOLS" | sed -e 's/^ //' -e 's/;$//')
    printf '{"method":"%s","tool":%s,"started_at":"%s","finished_at":"%s","disks":[%s]}' \
        "$method" "$(json_value "$MTC_TOOL $MTC_VERSION: $tools")" \
        "$WIPE_STARTED" "$WIPE_FINISHED" "$WIPE_DISKS"
}

# --- what the machine has -------------------------------------------------------------

smartctl_json() {
    if ! command -v smartctl >/dev/null 2>&1; then
        printf 'null'
        return
    fi
    printf '['
    separator=""
    for name in $(disk_names); do
        # smartctl's exit status is a bit mask of drive states: the JSON is what counts.
        report=$(json_of smartctl -j -a "$MTC_DEV/$name")
        [ "$report" = null ] && continue
        printf '%s%s' "$separator" "$report"
        separator=","
    done
    printf ']'
}

power_supply_json() {
    if [ ! -d "$MTC_ROOT/sys/class/power_supply" ]; then
        printf 'null'
        return
    fi
    printf '{'
    separator=""
    for supply in "$MTC_ROOT/sys/class/power_supply/"*; do
        [ -r "$supply/uevent" ] || continue
        name=${supply##*/}
        type=$(cat "$supply/type" 2>/dev/null)
        case $name in BAT*) ;; *) [ "$type" = Battery ] || continue ;; esac
        printf '%s%s:{' "$separator" "$(json_value "$name")"
        separator=","
        inner=""
        while IFS='=' read -r key value; do
            key=${key#POWER_SUPPLY_}
            case $key in *[!A-Z0-9_]* | "") continue ;; esac
            key=$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]')
            printf '%s"%s":%s' "$inner" "$key" "$(json_value "$value")"
            inner=","
        done <"$supply/uevent"
        printf '}'
    done
    printf '}'
}

video_devices_json() {
    printf '['
    separator=""
    for name_file in "$MTC_ROOT/sys/class/video4linux/"*/name; do
        [ -r "$name_file" ] || continue
        printf '%s%s' "$separator" "$(json_value "$(head -n 1 "$name_file")")"
        separator=","
    done
    printf ']'
}

wifi_json() {
    printf '['
    separator=""
    for interface in "$MTC_ROOT/sys/class/net/"*; do
        [ -d "$interface/wireless" ] || [ -e "$interface/phy80211" ] || continue
        printf '%s%s' "$separator" "$(json_value "${interface##*/}")"
        separator=","
    done
    printf ']'
}

# The installed system's os-release, if the volunteer mounted it (read-only) under /mnt or
# /media: the script itself mounts nothing, so that it never writes to the disk.
installed_os_json() {
    for release in "$MTC_ROOT"/mnt/etc/os-release "$MTC_ROOT"/mnt/*/etc/os-release \
        "$MTC_ROOT"/media/*/*/etc/os-release; do
        if [ -r "$release" ]; then
            json_text <"$release"
            return
        fi
    done
    printf 'null'
}

os_release_file() {
    if [ -r "$MTC_ROOT/etc/os-release" ]; then
        printf '%s' "$MTC_ROOT/etc/os-release"
    else
        printf '%s' "$MTC_ROOT/usr/lib/os-release"
    fi
}

write_report() {
    printf '{"format":"maytinhcu-capture/1","platform":"linux",'
    printf '"tool":{"name":"%s","version":"%s"},' "$MTC_TOOL" "$MTC_VERSION"
    printf '"captured_at":"%s",' "$(now_iso)"
    printf '"device_code":%s,' "$(json_value "$MTC_DEVICE_CODE")"
    printf '"raw":{'
    printf '"lshw":%s,' "$(json_of lshw -json)"
    if command -v dmidecode >/dev/null 2>&1; then
        printf '"dmidecode":'
        dmidecode 2>/dev/null | json_text
        printf ','
    else
        printf '"dmidecode":null,'
    fi
    printf '"lsblk":%s,' "$(json_of lsblk -J -b -o NAME,SIZE,ROTA,TYPE,TRAN,MODEL,SERIAL,RM)"
    printf '"smartctl":%s,' "$(smartctl_json)"
    printf '"os_release":'
    json_file "$(os_release_file)"
    printf ',"installed_os":%s,' "$(installed_os_json)"
    printf '"meminfo":'
    json_file "$MTC_ROOT/proc/meminfo"
    printf ',"cpuinfo":'
    json_file "$MTC_ROOT/proc/cpuinfo"
    printf ',"power_supply":%s,' "$(power_supply_json)"
    printf '"sound_cards":'
    json_file "$MTC_ROOT/proc/asound/cards"
    printf ',"video_devices":%s,' "$(video_devices_json)"
    printf '"wifi":%s' "$(wifi_json)"
    printf '},"wipe":%s}' "$(wipe_json)"
}

# --- sending or saving ----------------------------------------------------------------

# Posts the report. Returns 0 when the portal answered, whatever the status: HTTP_STATUS is
# then the status and "$WORK/response" the answer's body (empty if the tool could not keep
# it). Returns 1 when no answer came (no network, name not found, refused, timed out).
post_report() {
    HTTP_STATUS=""
    : >"$WORK/response"
    if command -v curl >/dev/null 2>&1; then
        # No --fail: a refusal's body says why, and is what the volunteer must read.
        HTTP_STATUS=$(curl -sS --max-time 120 -o "$WORK/response" -w '%{http_code}' \
            -H "Authorization: Bearer $MTC_TOKEN" \
            -H 'Content-Type: application/json; charset=utf-8' \
            --data-binary "@$1" "$MTC_UPLOAD_URL")
    elif command -v wget >/dev/null 2>&1; then
        # GNU wget keeps a refusal's body only with --content-on-error; BusyBox wget has no
        # such option (and no body then), but both print the status line with -S.
        case $(wget --help 2>&1) in
            *--content-on-error*) keep_body=--content-on-error ;;
            *) keep_body="" ;;
        esac
        wget -q -S $keep_body -T 120 -t 1 -O "$WORK/response" \
            --header="Authorization: Bearer $MTC_TOKEN" \
            --header='Content-Type: application/json; charset=utf-8' \
            --post-file="$1" "$MTC_UPLOAD_URL" 2>"$WORK/headers"
        HTTP_STATUS=$(sed -n \
            -e 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' \
            -e 's/.*server returned error: HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' \
            "$WORK/headers" | sed -n '$p')
    fi
    case $HTTP_STATUS in
        [1-9][0-9][0-9]) return 0 ;;
        *) return 1 ;;
    esac
}

# The portal's answer is one flat JSON object of strings, non-ASCII text unescaped: the
# string value of the key $1, or nothing.
answer_field() {
    sed -n -E "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"(([^\"\\\\]|\\\\.)*)\".*/\\1/p" \
        "$WORK/response" | sed -n '1p' |
        sed -e 's/\\[nrt]/ /g' -e 's/\\"/"/g' -e 's/\\\//\//g' -e 's/\\\\/\\/g'
}

# What the portal said: its message under the key $1, else the start of whatever it sent
# (BusyBox wget keeps no body of a refusal).
portal_said() {
    said=$(answer_field "$1")
    if [ -z "$said" ]; then
        said=$(head -c 300 "$WORK/response" | utf8 | tr -d '\000-\037')
    fi
    printf '%s' "${said:-(không kèm lý do)}"
}

save_report() {
    name="maytinhcu-$MTC_DEVICE_CODE-$(date +%Y%m%d-%H%M%S).json"
    for folder in "$PWD" "$(dirname "$0")" /tmp; do
        if cp "$1" "$folder/$name" 2>/dev/null; then
            printf '%s' "$folder/$name"
            return 0
        fi
    done
    return 1
}

# The report saved to upload later; $1 says who may upload it and how.
save_for_later() {
    if saved=$(save_report "$WORK/report.json"); then
        say "Đã lưu báo cáo vào: $saved"
        say "$1"
        return 0
    fi
    say "Không lưu được báo cáo vào tệp."
    return 1
}

# The portal answered: accepted (2xx), refused (4xx: the file as it is will not do either,
# except that a token refused (401/403) does not stop a signed-in volunteer uploading it),
# or failed itself (5xx and the rest: the same file may be sent again later).
report_answer() {
    case $HTTP_STATUS in
        2??)
            said=$(answer_field message)
            say "${said:-Đã gửi báo cáo lên cổng thông tin.}"
            say "Xem kết quả kiểm tra ở trang của thiết bị $MTC_DEVICE_CODE."
            return 0
            ;;
        401 | 403)
            say "Cổng thông tin KHÔNG nhận báo cáo này (mã lỗi $HTTP_STATUS): $(portal_said error)"
            # shellcheck disable=SC1111 # the quotes around the button's name are text
            save_for_later "Tình nguyện viên đã đăng nhập có thể tải tệp này lên bằng “Tải lên tệp báo cáo đã lưu” ở trang của thiết bị $MTC_DEVICE_CODE; hoặc tải script mới từ trang đó rồi chạy lại."
            return 1
            ;;
        4??)
            say "Cổng thông tin KHÔNG nhận báo cáo này (mã lỗi $HTTP_STATUS): $(portal_said error)"
            say "Báo cáo không được lưu lại. Hãy làm theo lời nhắn trên, rồi tải script mới từ trang của thiết bị $MTC_DEVICE_CODE và chạy lại."
            return 1
            ;;
        *)
            say "Cổng thông tin đang gặp lỗi (mã lỗi $HTTP_STATUS), chưa nhận báo cáo: $(portal_said error)"
            save_for_later "Hãy tải tệp này lên sau, ở trang của thiết bị $MTC_DEVICE_CODE trên cổng thông tin."
            return
            ;;
    esac
}

main() {
    ERASE=no
    for argument in "$@"; do
        case $argument in
            --xoa) ERASE=yes ;;
            *)
                say "Tham số không rõ: $argument (chỉ có --xoa)."
                exit 2
                ;;
        esac
    done
    case $MTC_DEVICE_CODE in
        "" | *[!A-Za-z0-9_-]*)
            say "Đây là bản công bố của script. Hãy tải bản riêng của thiết bị từ trang của nó trên cổng thông tin."
            exit 2
            ;;
    esac
    [ "$(id -u)" = 0 ] || say "Lưu ý: chưa chạy bằng root (sudo), một số thông tin (số serial, pin, ổ đĩa) sẽ thiếu."

    WORK=$(mktemp -d) || exit 1
    trap 'rm -rf "$WORK"' EXIT
    trap 'exit 130' INT TERM

    WIPE_DISKS=""
    if [ "$ERASE" = yes ]; then
        erase_disks
    fi

    say "Đang đọc thông tin phần cứng của máy $MTC_DEVICE_CODE…"
    write_report >"$WORK/report.json"

    if [ -n "$MTC_UPLOAD_URL" ] && post_report "$WORK/report.json"; then
        report_answer
        return
    fi
    say "Không gửi được báo cáo: không có mạng, hoặc không kết nối được tới cổng thông tin."
    save_for_later "Hãy tải tệp này lên sau, ở trang của thiết bị $MTC_DEVICE_CODE trên cổng thông tin."
}

main "$@"
