# maytinhcu-capture.ps1 1.0.0 — báo cáo phần cứng cho chương trình Máy tính cũ.
#
# VI: Chạy trên chính máy cần kiểm tra (nên chạy PowerShell bằng quyền quản trị để đọc được
#     trạng thái BitLocker):
#       powershell -ExecutionPolicy Bypass -File .\maytinhcu-<mã>.ps1
#       powershell -ExecutionPolicy Bypass -File .\maytinhcu-<mã>.ps1 -GhiNhanDatLai
#     Script CHỈ ĐỌC thông tin phần cứng qua CIM/WMI: máy (hãng, kiểu, số serial), CPU, các thanh
#     RAM, từng ổ đĩa (dung lượng, loại, tình trạng), hệ điều hành và phiên bản, pin (dung
#     lượng thiết kế và khi sạc đầy), camera, loa/micro, card âm thanh, Wi-Fi, BitLocker.
#     Script KHÔNG BAO GIỜ đọc tệp của người dùng (tài liệu, ảnh, dữ liệu trình duyệt) và
#     KHÔNG BAO GIỜ xoá gì. -GhiNhanDatLai chỉ GHI NHẬN rằng máy vừa được đặt lại bằng
#     "Xoá mọi thứ" (Remove everything) khi BitLocker đang bật, sau khi bạn gõ mã tài sản
#     của máy để xác nhận ngay trên máy này.
#     Báo cáo được gửi lên cổng thông tin; không có mạng thì lưu thành tệp
#     maytinhcu-<mã>-<thời điểm>.json để tải lên sau ở trang của thiết bị.
#     Cổng thông tin không nhận báo cáo thì script in lý do cổng thông tin đưa ra.
#
# EN: Run on the machine to check (as administrator, so BitLocker status can be read).
#     The script ONLY READS hardware facts through CIM/WMI: system (make, model, serial), CPU,
#     RAM modules, each disk (size, type, health), OS and version, battery (design and full
#     charge capacity), cameras, speakers/microphones, sound devices, Wi-Fi, BitLocker.
#     It NEVER reads user files (documents, photos, browser data) and NEVER erases anything.
#     -GhiNhanDatLai ("record reset") only RECORDS that the machine was just reset with
#     "Remove everything" while BitLocker was on, once you type the machine's asset code on
#     this machine to confirm. The report is posted to the portal; offline it is saved as
#     maytinhcu-<code>-<timestamp>.json, to upload later on the device's page.
#     When the portal refuses the report, the script prints the portal's reason.
#
# The portal serves this file after a header that sets $MTC_DEVICE_CODE, $MTC_TOKEN and
# $MTC_UPLOAD_URL (and starts the file with a UTF-8 byte-order mark, which Windows PowerShell
# 5.1 needs to read the Vietnamese text); everything from the first line above is the
# published script, whose SHA-256 the portal shows. Runs on Windows PowerShell 5.1 and 7.

$MtcVersion = '1.0.0'
$MtcTool = 'maytinhcu-capture.ps1'
# A Windows "Remove everything" reset installs Windows anew: an install date older than this
# is no fresh reset.
$MtcResetMaxDays = 30
$GhiNhanDatLai = [bool]($args -contains '-GhiNhanDatLai')

try { [Console]::OutputEncoding = [Text.Encoding]::UTF8 } catch { }
# Windows PowerShell 5.1 adds a Count property to arrays, and ConvertTo-Json then writes
# {"value": [...], "Count": n} instead of the array.
Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue

# Started with "Run with PowerShell", the window closes as the script ends: wait, so the
# volunteer can read what happened.
function Exit-Mtc([int]$Code) {
    try { $null = Read-Host 'Nhấn Enter để đóng cửa sổ' } catch { }
    exit $Code
}

if (-not ($MTC_DEVICE_CODE -match '^[A-Za-z0-9_-]+$')) {
    Write-Host 'Đây là bản công bố của script. Hãy tải bản riêng của thiết bị từ trang của nó trên cổng thông tin.'
    Exit-Mtc 2
}

# The instances of one CIM class with the listed properties, always as an array: a class
# this Windows lacks, or one that needs rights the volunteer has not, gives an empty array.
function Get-MtcCim {
    param(
        [string]$ClassName,
        [string[]]$Property,
        [string]$Namespace = 'root/cimv2',
        [string]$Filter = ''
    )
    try {
        $query = @{ ClassName = $ClassName; Namespace = $Namespace; ErrorAction = 'Stop' }
        if ($Filter) { $query['Filter'] = $Filter }
        $items = @(Get-CimInstance @query | Select-Object -Property $Property)
    } catch {
        $items = @()
    }
    return , $items
}

function Format-MtcDate([datetime]$When) {
    $When.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'sszzz", [Globalization.CultureInfo]::InvariantCulture)
}

$wifiFilter = "PhysicalAdapter = TRUE AND (Name LIKE '%Wi-Fi%' OR Name LIKE '%WiFi%' OR " +
    "Name LIKE '%Wireless%' OR Name LIKE '%802.11%' OR NetConnectionID LIKE '%Wi-Fi%' OR " +
    "NetConnectionID LIKE '%Wireless%')"

Write-Host "Đang đọc thông tin phần cứng của máy $MTC_DEVICE_CODE…"
$raw = [ordered]@{}
$raw['Win32_ComputerSystem'] = Get-MtcCim -ClassName Win32_ComputerSystem -Property 'Manufacturer', 'Model', 'TotalPhysicalMemory', 'PCSystemType'
$raw['Win32_BIOS'] = Get-MtcCim -ClassName Win32_BIOS -Property 'SerialNumber'
$raw['Win32_SystemEnclosure'] = Get-MtcCim -ClassName Win32_SystemEnclosure -Property 'ChassisTypes'
$raw['Win32_Processor'] = Get-MtcCim -ClassName Win32_Processor -Property 'Name', 'MaxClockSpeed', 'NumberOfCores'
$raw['Win32_PhysicalMemory'] = Get-MtcCim -ClassName Win32_PhysicalMemory -Property 'Capacity', 'SerialNumber', 'SMBIOSMemoryType', 'Speed'
$raw['Win32_DiskDrive'] = Get-MtcCim -ClassName Win32_DiskDrive -Property 'Model', 'SerialNumber', 'Size', 'MediaType', 'InterfaceType'
$raw['MSFT_PhysicalDisk'] = Get-MtcCim -ClassName MSFT_PhysicalDisk -Property 'FriendlyName', 'SerialNumber', 'Size', 'MediaType', 'BusType', 'HealthStatus' -Namespace 'root/Microsoft/Windows/Storage'
$raw['Win32_OperatingSystem'] = Get-MtcCim -ClassName Win32_OperatingSystem -Property 'Caption', 'Version', 'BuildNumber', 'OSArchitecture', 'InstallDate'
$raw['Win32_Battery'] = Get-MtcCim -ClassName Win32_Battery -Property 'Name', 'DesignCapacity', 'FullChargeCapacity', 'EstimatedChargeRemaining'
$raw['BatteryStaticData'] = Get-MtcCim -ClassName BatteryStaticData -Property 'DesignedCapacity' -Namespace 'root/wmi'
$raw['BatteryFullChargedCapacity'] = Get-MtcCim -ClassName BatteryFullChargedCapacity -Property 'FullChargedCapacity' -Namespace 'root/wmi'
$raw['Win32_PnPEntity_Camera'] = Get-MtcCim -ClassName Win32_PnPEntity -Property 'Name', 'PNPClass', 'Status' -Filter "PNPClass = 'Camera' OR PNPClass = 'Image'"
$raw['Win32_PnPEntity_AudioEndpoint'] = Get-MtcCim -ClassName Win32_PnPEntity -Property 'Name', 'Status' -Filter "PNPClass = 'AudioEndpoint'"
$raw['Win32_SoundDevice'] = Get-MtcCim -ClassName Win32_SoundDevice -Property 'Name', 'Status'
$raw['Win32_NetworkAdapter_Wifi'] = Get-MtcCim -ClassName Win32_NetworkAdapter -Property 'Name', 'NetConnectionID' -Filter $wifiFilter
$raw['BitLocker'] = Get-MtcCim -ClassName Win32_EncryptableVolume -Property 'DriveLetter', 'ProtectionStatus', 'EncryptionMethod' -Namespace 'root/cimv2/security/microsoftvolumeencryption'

# --- -GhiNhanDatLai: record a reset done with BitLocker on (this script erases nothing) ---
$wipe = $null
if ($GhiNhanDatLai) {
    $installed = $null
    try {
        $installed = (Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop).InstallDate
    } catch { }
    $protected = @($raw['BitLocker'] | Where-Object { $_.ProtectionStatus -eq 1 }).Count
    Write-Host ''
    Write-Host "BitLocker đang bật trên $protected ổ. (Số 0 có thể do chưa chạy bằng quyền quản trị, hoặc BitLocker chưa được bật lại sau khi đặt lại.)"
    if ($null -eq $installed) {
        Write-Host 'Không đọc được ngày cài Windows: không ghi nhận việc đặt lại.'
    } elseif (((Get-Date) - $installed).TotalDays -gt $MtcResetMaxDays) {
        Write-Host ("Windows được cài ngày {0:dd'/'MM'/'yyyy}, quá {1} ngày: máy này chưa vừa được đặt lại. Không ghi nhận." -f $installed, $MtcResetMaxDays)
    } else {
        Write-Host ("Windows được cài lại ngày {0:dd'/'MM'/'yyyy HH':'mm}." -f $installed)
        Write-Host 'Chỉ xác nhận nếu máy này vừa được đặt lại bằng "Xoá mọi thứ" (Remove everything) KHI BITLOCKER ĐANG BẬT.'
        $typed = Read-Host "Để xác nhận, gõ mã tài sản của máy ($MTC_DEVICE_CODE)"
        if ("$typed".Trim() -eq $MTC_DEVICE_CODE) {
            $disks = @($raw['Win32_DiskDrive'] | ForEach-Object {
                    [ordered]@{ serial = "$($_.SerialNumber)".Trim(); model = "$($_.Model)".Trim(); result = 'ok' }
                })
            if ($disks.Count -eq 0) { $disks = @([ordered]@{ serial = $null; model = $null; result = 'ok' }) }
            $wipe = [ordered]@{
                method      = 'reset_encrypted'
                tool        = "$MtcTool $MtcVersion`: Windows Remove everything, BitLocker"
                started_at  = $null
                finished_at = Format-MtcDate $installed
                disks       = $disks
            }
            Write-Host 'Đã ghi nhận việc đặt lại vào báo cáo.'
        } else {
            Write-Host 'Mã không khớp: không ghi nhận việc đặt lại.'
        }
    }
}

$report = [ordered]@{
    format      = 'maytinhcu-capture/1'
    platform    = 'windows'
    tool        = [ordered]@{ name = $MtcTool; version = $MtcVersion }
    captured_at = Format-MtcDate (Get-Date)
    device_code = $MTC_DEVICE_CODE
    raw         = $raw
    wipe        = $wipe
}
$bytes = [Text.Encoding]::UTF8.GetBytes(($report | ConvertTo-Json -Depth 8 -Compress))

# --- sending or saving -----------------------------------------------------------------

# A body as text, read as UTF-8: the portal's JSON names no charset, and Windows PowerShell
# 5.1 would otherwise read its Vietnamese as ISO-8859-1.
function ConvertFrom-MtcBody([IO.Stream]$Stream) {
    if ($null -eq $Stream) { return '' }
    if ($Stream.CanSeek) { $Stream.Position = 0 }
    $copy = New-Object IO.MemoryStream
    $Stream.CopyTo($copy)
    return [Text.Encoding]::UTF8.GetString($copy.ToArray())
}

# The body of a refusal: Windows PowerShell 5.1 throws a WebException whose Response still
# holds it; PowerShell 7 puts it in ErrorDetails.
function Get-MtcRefusalBody($Failure) {
    $text = ''
    try { $text = ConvertFrom-MtcBody $Failure.Exception.Response.GetResponseStream() } catch { }
    if (-not $text -and $Failure.ErrorDetails) { $text = "$($Failure.ErrorDetails.Message)" }
    return $text
}

# The string under $Key in the portal's JSON answer, or ''.
function Get-MtcField([string]$Body, [string]$Key) {
    try { return "$(($Body | ConvertFrom-Json).$Key)" } catch { return '' }
}

# What the portal said: the string under $Key, else the start of whatever it sent.
function Get-MtcSaid([string]$Body, [string]$Key) {
    $said = Get-MtcField $Body $Key
    if ($said) { return $said }
    $said = ($Body -replace '[\x00-\x1f]', ' ').Trim()
    if ($said.Length -gt 300) { $said = $said.Substring(0, 300) }
    if (-not $said) { $said = '(không kèm lý do)' }
    return $said
}

# The report saved to upload later (UTF-8 without a byte-order mark, the bytes as posted);
# $Then says who may upload it and how. $true when saved.
function Save-MtcReport([string]$Then) {
    $name = 'maytinhcu-{0}-{1}.json' -f $MTC_DEVICE_CODE, (Get-Date).ToString('yyyyMMdd-HHmmss', [Globalization.CultureInfo]::InvariantCulture)
    $folders = @($PSScriptRoot, [Environment]::GetFolderPath('Desktop'), $env:TEMP) | Where-Object { $_ }
    foreach ($folder in $folders) {
        $path = Join-Path $folder $name
        try {
            [IO.File]::WriteAllBytes($path, $bytes)
            Write-Host "Đã lưu báo cáo vào: $path"
            Write-Host $Then
            return $true
        } catch { }
    }
    Write-Host 'Không lưu được báo cáo vào tệp.'
    return $false
}

$later = "Hãy tải tệp này lên sau, ở trang của thiết bị $MTC_DEVICE_CODE trên cổng thông tin."
# The HTTP status of the portal's answer, or $null when no answer came (no network, name
# not found, connection refused, timed out).
$status = $null
$body = ''
if ($MTC_UPLOAD_URL) {
    try {
        # Windows PowerShell 5.1 on an older .NET offers only TLS 1.0 unless asked.
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    } catch { }
    try {
        $answer = Invoke-WebRequest -Uri $MTC_UPLOAD_URL -Method Post -Body $bytes `
            -ContentType 'application/json; charset=utf-8' `
            -Headers @{ Authorization = "Bearer $MTC_TOKEN" } -TimeoutSec 120 `
            -UseBasicParsing -ErrorAction Stop
        $status = [int]$answer.StatusCode
        $body = ConvertFrom-MtcBody $answer.RawContentStream
    } catch {
        # A 4xx or 5xx arrives here too, with its response; only no response means no network.
        $response = $_.Exception.Response
        if ($null -ne $response) {
            $status = [int]$response.StatusCode
            $body = Get-MtcRefusalBody $_
        } else {
            Write-Host "Không gửi được báo cáo: không có mạng, hoặc không kết nối được tới cổng thông tin. ($($_.Exception.Message))"
        }
    }
}

if ($null -eq $status) {
    if (Save-MtcReport $later) { Exit-Mtc 0 }
    Exit-Mtc 1
}
if ($status -ge 200 -and $status -lt 300) {
    $said = Get-MtcField $body 'message'
    if (-not $said) { $said = 'Đã gửi báo cáo lên cổng thông tin.' }
    Write-Host $said
    Write-Host "Xem kết quả kiểm tra ở trang của thiết bị $MTC_DEVICE_CODE."
    Exit-Mtc 0
}
if ($status -ge 400 -and $status -lt 500) {
    Write-Host "Cổng thông tin KHÔNG nhận báo cáo này (mã lỗi $status): $(Get-MtcSaid $body 'error')"
    if ($status -eq 401 -or $status -eq 403) {
        # The token is refused, not the report: a signed-in volunteer may still upload it.
        # Single quotes: inside double quotes PowerShell would take “ and ” for the string's end.
        $null = Save-MtcReport ('Tình nguyện viên đã đăng nhập có thể tải tệp này lên bằng “Tải lên tệp báo cáo đã lưu” ở trang của thiết bị {0}; hoặc tải script mới từ trang đó rồi chạy lại.' -f $MTC_DEVICE_CODE)
    } else {
        Write-Host "Báo cáo không được lưu lại. Hãy làm theo lời nhắn trên, rồi tải script mới từ trang của thiết bị $MTC_DEVICE_CODE và chạy lại."
    }
    Exit-Mtc 1
}
# The portal failed (5xx, or an unexpected answer): the same file may be sent later.
Write-Host "Cổng thông tin đang gặp lỗi (mã lỗi $status), chưa nhận báo cáo: $(Get-MtcSaid $body 'error')"
if (Save-MtcReport $later) { Exit-Mtc 0 }
Exit-Mtc 1
