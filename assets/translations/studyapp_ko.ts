<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>BrowseView</name>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="151"/>
        <source>Search: softmax  deck:CS231n  lecture:5  kind:qa  is:due  prop:s&gt;10  -is:suspended  &quot;a phrase&quot;</source>
        <translation>검색: softmax  deck:CS231n  lecture:5  kind:qa  is:due  prop:s&gt;10  -is:suspended  &quot;여러 단어 구절&quot;</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="166"/>
        <source>Q&amp;A</source>
        <translation>Q&amp;A</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="166"/>
        <source>learned</source>
        <translation>배운 내용</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="187"/>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="188"/>
        <location filename="../../studyapp/gui/views/browse.py" line="263"/>
        <source>Suspend</source>
        <translation>일시 중지</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="189"/>
        <source>Flag</source>
        <translation>깃발</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="190"/>
        <source>Forget</source>
        <translation>초기화</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="191"/>
        <source>Set due date…</source>
        <translation>복습 예정일 설정…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="192"/>
        <source>Info</source>
        <translation>정보</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="214"/>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="215"/>
        <source>Deck</source>
        <translation>덱</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="216"/>
        <source>Lecture</source>
        <translation>강의</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="217"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="218"/>
        <source>Due</source>
        <translation>복습 예정</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="219"/>
        <source>Interval</source>
        <translation>간격</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="220"/>
        <source>Stability</source>
        <translation>안정성</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="221"/>
        <source>Difficulty</source>
        <translation>난이도</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="222"/>
        <source>Retrievability</source>
        <translation>회상 확률</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="223"/>
        <source>Lapses</source>
        <translation>잊은 횟수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="224"/>
        <source>Reviews</source>
        <translation>복습 횟수</translation>
    </message>
    <message numerus="yes">
        <location filename="../../studyapp/gui/views/browse.py" line="242"/>
        <source>%n card(s)</source>
        <translation>
            <numerusform>카드 %n장</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="263"/>
        <source>Unsuspend</source>
        <translation>일시 중지 해제</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="51"/>
        <source>No flag</source>
        <translation>깃발 없음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="52"/>
        <source>Red</source>
        <translation>빨강</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="53"/>
        <source>Orange</source>
        <translation>주황</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="54"/>
        <source>Green</source>
        <translation>초록</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="55"/>
        <source>Blue</source>
        <translation>파랑</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="322"/>
        <source>Forget cards</source>
        <translation>카드 초기화</translation>
    </message>
    <message numerus="yes">
        <location filename="../../studyapp/gui/views/browse.py" line="323"/>
        <source>Make %n card(s) new again? Their review history is kept.</source>
        <translation>
            <numerusform>카드 %n장을 다시 새 카드로 만들까요? 복습 기록은 유지돼요.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="333"/>
        <source>Set due date</source>
        <translation>복습 예정일 설정</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/browse.py" line="333"/>
        <source>Due in how many days (0 = today)?</source>
        <translation>며칠 뒤에 복습할까요? (0 = 오늘)</translation>
    </message>
</context>
<context>
    <name>CardInfoDialog</name>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="28"/>
        <source>Card info</source>
        <translation>카드 정보</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="34"/>
        <source>days</source>
        <translation>일</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="39"/>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="40"/>
        <source>Deck</source>
        <translation>덱</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="41"/>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="65"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="42"/>
        <source>Due</source>
        <translation>복습 예정</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="44"/>
        <source>Stability</source>
        <translation>안정성</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="47"/>
        <source>Difficulty</source>
        <translation>난이도</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="49"/>
        <source>Retrievability</source>
        <translation>회상 확률</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="52"/>
        <source>Reviews / lapses</source>
        <translation>복습 / 잊은 횟수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="53"/>
        <source>Added</source>
        <translation>추가한 날짜</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="54"/>
        <source>Flag, tags</source>
        <translation>깃발, 태그</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="56"/>
        <source>Suspended</source>
        <translation>일시 중지됨</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="56"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="57"/>
        <source>Edits</source>
        <translation>편집 횟수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="63"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="64"/>
        <source>Rating</source>
        <translation>평가</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="66"/>
        <source>Interval</source>
        <translation>간격</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/card_info.py" line="67"/>
        <source>Time</source>
        <translation>소요 시간</translation>
    </message>
</context>
<context>
    <name>EditCardDialog</name>
    <message>
        <location filename="../../studyapp/gui/dialogs/edit_card.py" line="19"/>
        <source>Edit card</source>
        <translation>카드 편집</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/edit_card.py" line="21"/>
        <source>Question (Markdown)</source>
        <translation>질문 (Markdown)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/edit_card.py" line="25"/>
        <source>Answer (Markdown)</source>
        <translation>답 (Markdown)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/edit_card.py" line="31"/>
        <source>The card keeps its review history; the old text is kept too. If your notes change this item later, the notes win.</source>
        <translation>카드의 복습 기록은 유지되고, 이전 텍스트도 함께 보관돼요. 나중에 노트에서 이 항목이 바뀌면 노트 내용이 우선해요.</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../studyapp/gui/app.py" line="131"/>
        <source>Close the other studyapp (perhaps `studyapp review` in a terminal), then retry.</source>
        <translation>실행 중인 다른 studyapp(터미널의 `studyapp review`일 수 있어요)을 닫고 다시 시도해 주세요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/errors.py" line="22"/>
        <source>The collection is damaged</source>
        <translation>컬렉션이 손상됐어요</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/errors.py" line="24"/>
        <source>The collection is missing</source>
        <translation>컬렉션을 찾을 수 없어요</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/errors.py" line="26"/>
        <source>The collection is read-only</source>
        <translation>컬렉션이 읽기 전용이에요</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/errors.py" line="28"/>
        <source>The collection is from a newer studyapp</source>
        <translation>더 새로운 버전의 studyapp에서 만든 컬렉션이에요</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/errors.py" line="39"/>
        <source>Something went wrong; what it was doing was not saved. The details below help to report it.</source>
        <translation>문제가 생겨서 하던 작업은 저장되지 않았어요. 아래 자세한 내용을 보고에 활용해 주세요.</translation>
    </message>
</context>
<context>
    <name>ExerciseTree</name>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="31"/>
        <source>Exercise</source>
        <translation>실습</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="31"/>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="31"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="42"/>
        <source>not started</source>
        <translation>시작 안 함</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="43"/>
        <source>failing</source>
        <translation>통과 못 함</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="44"/>
        <source>passed</source>
        <translation>통과</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="45"/>
        <source>due again</source>
        <translation>다시 풀 차례</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/exercise_tree.py" line="57"/>
        <source>Lecture %1</source>
        <translation>%1강</translation>
    </message>
</context>
<context>
    <name>ExercisesView</name>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="116"/>
        <source>Statement</source>
        <translation>문제 설명</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="118"/>
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="126"/>
        <source>Run checks</source>
        <translation>채점 실행</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="127"/>
        <source>Save and grade your file (Ctrl+Enter)</source>
        <translation>파일 저장 후 채점 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="128"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="129"/>
        <source>Save your file (Ctrl+S)</source>
        <translation>파일 저장 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="135"/>
        <source>Open in external editor</source>
        <translation>외부 편집기에서 열기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="138"/>
        <location filename="../../studyapp/gui/views/exercises.py" line="302"/>
        <source>Reset to starter</source>
        <translation>시작 코드로 되돌리기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="159"/>
        <source>There is no exercise %1.</source>
        <translation>&apos;%1&apos; 실습을 찾을 수 없어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="213"/>
        <source>Run the checks (Ctrl+Enter) to grade your file.</source>
        <translation>채점을 실행(Ctrl+Enter)하면 파일을 채점해요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="223"/>
        <source>The collection is read-only (%1): you can read the exercises, but grading is unavailable, as each grading stores a submission.</source>
        <translation>컬렉션이 읽기 전용이에요(%1). 실습은 볼 수 있지만, 채점할 때마다 제출 기록을 저장해야 해서 채점은 할 수 없어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="284"/>
        <source>The file changed on disk, but the editor has unsaved edits: saving here keeps the editor&apos;s version.</source>
        <translation>디스크의 파일이 바뀌었지만 편집기에 저장하지 않은 수정 사항이 있어요. 여기서 저장하면 편집기의 내용이 유지돼요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="294"/>
        <source>Each time you save the file in your editor, it is graded here.</source>
        <translation>편집기에서 파일을 저장할 때마다 여기서 채점해요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="300"/>
        <source>Put the blank starter back? Your current file is kept in workspace/history.</source>
        <translation>빈 시작 코드로 되돌릴까요? 현재 파일은 workspace/history에 보관돼요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="314"/>
        <source>The starter is back. Run the checks (Ctrl+Enter) to grade your file.</source>
        <translation>시작 코드로 되돌렸어요. 채점을 실행(Ctrl+Enter)하면 파일을 채점해요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="336"/>
        <source>Grading…</source>
        <translation>채점 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="354"/>
        <source>Cancelled: the grading was stopped and nothing was stored.</source>
        <translation>취소됨: 채점을 중단했고 아무것도 저장하지 않았어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="357"/>
        <source>The grading could not run.</source>
        <translation>채점을 실행할 수 없었어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/exercises.py" line="373"/>
        <source>Review the related cards of lecture %1</source>
        <translation>%1강 관련 카드 복습하기</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../studyapp/gui/widgets/find_bar.py" line="20"/>
        <source>Find</source>
        <translation>찾기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/find_bar.py" line="24"/>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/find_bar.py" line="24"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/find_bar.py" line="34"/>
        <source>Close (Esc)</source>
        <translation>닫기 (Esc)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/find_bar.py" line="63"/>
        <source>Not found</source>
        <translation>찾을 수 없음</translation>
    </message>
</context>
<context>
    <name>FsrsDialog</name>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="43"/>
        <source>FSRS: %1</source>
        <translation>FSRS: %1</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="43"/>
        <source>all decks</source>
        <translation>모든 덱</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="45"/>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="46"/>
        <source>Workload</source>
        <translation>학습량</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="70"/>
        <source>Optimize on my reviews</source>
        <translation>내 복습 기록으로 최적화</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="73"/>
        <source>Use the fitted parameters</source>
        <translation>최적화된 파라미터 사용</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="77"/>
        <source>Also reschedule cards (a backup is taken first)</source>
        <translation>카드 일정도 다시 계산 (먼저 백업함)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="89"/>
        <source>Earlier fits (log loss / RMSE of the bins; lower is better)</source>
        <translation>이전 최적화 기록 (bin별 log loss / RMSE, 낮을수록 좋음)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="95"/>
        <source>Fitted</source>
        <translation>최적화 시각</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="96"/>
        <source>Reviews</source>
        <translation>복습 수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="97"/>
        <source>Before</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="98"/>
        <source>After</source>
        <translation>이후</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="99"/>
        <source>Applied</source>
        <translation>적용됨</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="116"/>
        <source>fitted to your reviews</source>
        <translation>내 복습 기록에 맞춘 파라미터</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="116"/>
        <source>the FSRS defaults</source>
        <translation>FSRS 기본 파라미터</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="117"/>
        <source>Scheduling uses %1. On your %2 reviews they score %3 (log loss / RMSE).</source>
        <translation>현재 일정은 %1로 계산해요. 복습 %2회 기준 점수: %3 (log loss / RMSE).</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="170"/>
        <source>The fit predicts your recall better: use it?</source>
        <translation>최적화 결과가 기억 여부를 더 잘 예측해요. 사용할까요?</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="172"/>
        <source>The fit does not predict better than the current parameters; they stay.</source>
        <translation>최적화 결과가 현재 파라미터보다 더 잘 예측하지 못해서 현재 파라미터를 유지해요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="175"/>
        <source>Current: %1</source>
        <translation>현재: %1</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="176"/>
        <source>Fitted: %1</source>
        <translation>최적화 후: %1</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="177"/>
        <source>Out of sample: %1</source>
        <translation>표본 외 검증(out of sample): %1</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="195"/>
        <source>Applied to %1.</source>
        <translation>%1에 적용했어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="224"/>
        <source>Days</source>
        <translation>일수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="230"/>
        <source>Desired retentions</source>
        <translation>목표 기억 유지율</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="234"/>
        <source>Simulate</source>
        <translation>시뮬레이션</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="254"/>
        <source>Give the retentions as numbers, e.g. 0.85 0.9</source>
        <translation>유지율을 숫자로 입력해 주세요. 예: 0.85 0.9</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/fsrs_dialog.py" line="272"/>
        <source>Least work per remembered card at %1 desired retention: %2 reviews and %3 minutes a day on average.</source>
        <translation>목표 기억 유지율 %1에서 기억한 카드당 학습량이 가장 적어요: 하루 평균 복습 %2회, %3분.</translation>
    </message>
</context>
<context>
    <name>GradeResults</name>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="74"/>
        <source>In the sample models</source>
        <translation>샘플 모델에서</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="81"/>
        <source>Hints</source>
        <translation>힌트</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="89"/>
        <source>Passed: every check passed.</source>
        <translation>통과: 모든 검사를 통과했어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="90"/>
        <source>Not yet: %1 of %2 checks failed.</source>
        <translation>아직이에요: 검사 %2개 중 %1개를 통과하지 못했어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="93"/>
        <source>Your file did not load, so no check ran.</source>
        <translation>파일을 불러오지 못해서 검사를 하나도 실행하지 않았어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="94"/>
        <source>Stopped: your code ran past the time limit.</source>
        <translation>중단됨: 코드가 제한 시간을 넘겼어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="95"/>
        <source>Stopped: your code ran out of memory.</source>
        <translation>중단됨: 코드가 메모리를 모두 써 버렸어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="96"/>
        <source>Stopped: your code crashed the sandbox.</source>
        <translation>중단됨: 코드 때문에 샌드박스가 비정상 종료됐어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="97"/>
        <source>Stopped: your code ended the sandbox&apos;s process.</source>
        <translation>중단됨: 코드가 샌드박스 프로세스를 종료했어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="99"/>
        <source>Cancelled: the grading was stopped and nothing was stored.</source>
        <translation>취소됨: 채점을 중단했고 아무것도 저장하지 않았어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="106"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="151"/>
        <source>What your code printed</source>
        <translation>코드 출력</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="155"/>
        <source>… and %1 more characters, not shown.</source>
        <translation>… 외 %1자는 표시하지 않았어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="165"/>
        <source>the file loads</source>
        <translation>파일 불러오기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="166"/>
        <source>forward</source>
        <translation>forward</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="167"/>
        <source>backward</source>
        <translation>backward</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="168"/>
        <source>gradient check</source>
        <translation>gradient check</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="169"/>
        <source>edge cases</source>
        <translation>엣지 케이스</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="170"/>
        <source>inputs unchanged</source>
        <translation>입력값 변경 없음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="171"/>
        <source>same seed, same result</source>
        <translation>같은 seed, 같은 결과</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="172"/>
        <source>speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="173"/>
        <source>no loops</source>
        <translation>반복문 없음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="174"/>
        <source>running statistics</source>
        <translation>running statistics</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="175"/>
        <source>sanity</source>
        <translation>sanity check</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="176"/>
        <source>dropout properties</source>
        <translation>dropout 특성</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="184"/>
        <source>held-out data</source>
        <translation>held-out 데이터</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="185"/>
        <source>generated text</source>
        <translation>생성된 텍스트</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="186"/>
        <source>overfits 50 examples</source>
        <translation>50개 샘플 overfitting</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="187"/>
        <source>initial loss</source>
        <translation>초기 loss</translation>
    </message>
</context>
<context>
    <name>GradeRunner</name>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="40"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="42"/>
        <source>Stop the grading (Esc)</source>
        <translation>채점 중단 (Esc)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="64"/>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="71"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="82"/>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="88"/>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="101"/>
        <source>Reading your file</source>
        <translation>파일 읽는 중</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="102"/>
        <source>Starting the sandbox</source>
        <translation>샌드박스 시작 중</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="103"/>
        <source>Saving the result</source>
        <translation>결과 저장 중</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_runner.py" line="108"/>
        <source>Checking: %1</source>
        <translation>검사 중: %1</translation>
    </message>
</context>
<context>
    <name>HintBox</name>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="222"/>
        <source>Show a hint (%1 of %2)</source>
        <translation>힌트 보기 (%1/%2)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/grade_results.py" line="235"/>
        <source>Hint %1:</source>
        <translation>힌트 %1:</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="39"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="45"/>
        <source>Deck</source>
        <translation>덱</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="45"/>
        <source>New</source>
        <translation>새 카드</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="45"/>
        <source>Learning</source>
        <translation>학습 중</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="45"/>
        <source>Review</source>
        <translation>복습</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="59"/>
        <source>Study now</source>
        <translation>지금 학습하기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="63"/>
        <source>Import notes…</source>
        <translation>노트 가져오기…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="126"/>
        <source>No deck yet. Import your lecture notes (File ▸ Import notes…) and their points and questions become cards.</source>
        <translation>아직 덱이 없어요. 강의 노트를 가져오면(파일 ▸ 노트 가져오기…) 노트의 핵심 내용과 질문이 카드가 돼요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="133"/>
        <source>Nothing is due today. Well done! Come back tomorrow, or practise an exercise.</source>
        <translation>오늘 복습할 카드가 없어요. 잘했어요! 내일 다시 오거나 실습을 풀어 보세요.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../studyapp/gui/views/home.py" line="136"/>
        <source>Today: %n card(s) to study</source>
        <translation>
            <numerusform>오늘: 학습할 카드 %n장</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studyapp/gui/views/home.py" line="146"/>
        <source>Exercises: %n due again</source>
        <translation>
            <numerusform>실습: 다시 풀 차례 %n개</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="151"/>
        <source>due again</source>
        <translation>다시 풀 차례</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="151"/>
        <source>failing</source>
        <translation>통과 못 함</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="157"/>
        <source>No exercise in progress. Open Exercises to start one.</source>
        <translation>진행 중인 실습이 없어요. 실습 탭에서 새로 시작해 보세요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="171"/>
        <source>Roadmap: none in your notes</source>
        <translation>로드맵: 노트에 없음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="173"/>
        <source>This week: week %1</source>
        <translation>이번 주: %1주차</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/home.py" line="181"/>
        <source>Done by your daily log: %1</source>
        <translation>Daily Log 기준 완료: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="51"/>
        <source>Home</source>
        <translation>홈</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="52"/>
        <source>Review</source>
        <translation>복습</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="53"/>
        <source>Quiz</source>
        <translation>퀴즈</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="54"/>
        <source>Browse</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="55"/>
        <source>Exercises</source>
        <translation>실습</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="56"/>
        <source>Progress</source>
        <translation>진도</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="57"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="179"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="180"/>
        <source>Import notes…</source>
        <translation>노트 가져오기…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="181"/>
        <source>Import an Anki package (.apkg)…</source>
        <translation>Anki 패키지 가져오기 (.apkg)…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="182"/>
        <source>Export to Anki (.apkg)…</source>
        <translation>Anki로 내보내기 (.apkg)…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="183"/>
        <source>Export as CSV…</source>
        <translation>CSV로 내보내기…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="184"/>
        <source>Back up now</source>
        <translation>지금 백업</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="186"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="187"/>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="190"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="191"/>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="192"/>
        <location filename="../../studyapp/gui/main_window.py" line="204"/>
        <source>About studyapp</source>
        <translation>studyapp 정보</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="206"/>
        <source>studyapp %1: FSRS flashcards from your CS231n notes, graded NumPy exercises and weekly progress.</source>
        <translation>studyapp %1: CS231n 노트로 만든 FSRS 플래시카드, 자동 채점되는 NumPy 실습, 주간 진도 관리.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="214"/>
        <source>Import notes</source>
        <translation>노트 가져오기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="216"/>
        <source>Markdown notes (*.md *.markdown *.txt)</source>
        <translation>Markdown 노트 (*.md *.markdown *.txt)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="225"/>
        <location filename="../../studyapp/gui/main_window.py" line="254"/>
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="248"/>
        <source>Import an Anki package</source>
        <translation>Anki 패키지 가져오기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="250"/>
        <location filename="../../studyapp/gui/main_window.py" line="263"/>
        <source>Anki packages (*.apkg)</source>
        <translation>Anki 패키지 (*.apkg)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="261"/>
        <location filename="../../studyapp/gui/main_window.py" line="268"/>
        <source>Export to Anki</source>
        <translation>Anki로 내보내기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="270"/>
        <source>Include each card&apos;s scheduling and review history (for moving to Anki)? Without it the cards arrive in Anki as new.</source>
        <translation>각 카드의 일정과 복습 기록도 함께 내보낼까요? (Anki로 옮길 때 필요해요) 포함하지 않으면 Anki에서 새 카드로 들어가요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="277"/>
        <location filename="../../studyapp/gui/main_window.py" line="291"/>
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="285"/>
        <source>Export as CSV</source>
        <translation>CSV로 내보내기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="287"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="308"/>
        <source>Read-only: %1</source>
        <translation>읽기 전용: %1</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="357"/>
        <source>studyapp</source>
        <translation>studyapp</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/main_window.py" line="357"/>
        <source>Some work is still running.</source>
        <translation>아직 실행 중인 작업이 있어요.</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="44"/>
        <source>Week</source>
        <translation>주차</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="53"/>
        <source>Save the week&apos;s report…</source>
        <translation>주간 리포트 저장…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="95"/>
        <source>Reading your reviews…</source>
        <translation>복습 기록 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="110"/>
        <source>Week %1</source>
        <translation>%1주차</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="160"/>
        <source>Done by your daily log: %1</source>
        <translation>Daily Log 기준 완료: %1</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="169"/>
        <source>on plan</source>
        <translation>계획대로</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="171"/>
        <source>%1 items ahead</source>
        <translation>%1개 앞섬</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="173"/>
        <source>%1 items behind</source>
        <translation>%1개 뒤처짐</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="177"/>
        <source>Week %1: %2 of %3 roadmap items done, %4; at %5 items a week the plan ends %6 (planned %7)</source>
        <translation>%1주차: 로드맵 %3개 중 %2개 완료, %4 · 주당 %5개 속도면 %6에 끝나요 (계획 %7)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="197"/>
        <source>%1 – %2: %3 answers (%4 new cards), true retention %5, %6 minutes; exercises %7 passed, %8 due again; %9 quizzes</source>
        <translation>%1 – %2: 답변 %3회 (새 카드 %4장), 실제 기억 유지율 %5, %6분 · 실습 %7개 통과, %8개 다시 복습 예정 · 퀴즈 %9회</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="261"/>
        <source>Save the week&apos;s report</source>
        <translation>주간 리포트 저장</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="263"/>
        <source>PDF (*.pdf);;PNG image (*.png);;Markdown (*.md)</source>
        <translation>PDF (*.pdf);;PNG 이미지 (*.png);;Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="278"/>
        <source>Writing the report…</source>
        <translation>리포트 작성 중…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/progress.py" line="296"/>
        <source>Report saved: %1</source>
        <translation>리포트 저장됨: %1</translation>
    </message>
</context>
<context>
    <name>QuizView</name>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="100"/>
        <source>Deck</source>
        <translation>덱</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="101"/>
        <location filename="../../studyapp/gui/views/quiz.py" line="113"/>
        <source>Lectures</source>
        <translation>강의</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="102"/>
        <source>Roadmap week</source>
        <translation>로드맵 주차</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="110"/>
        <source>Questions from</source>
        <translation>출제 범위</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="116"/>
        <source>Week</source>
        <translation>주차</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="121"/>
        <source>Number of questions</source>
        <translation>문제 수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="122"/>
        <source>Send wrong answers back to relearning</source>
        <translation>틀린 문제는 다시 학습으로 보내기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="125"/>
        <source>Start quiz</source>
        <translation>퀴즈 시작</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="132"/>
        <source>Past quizzes</source>
        <translation>지난 퀴즈</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="151"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="166"/>
        <source>New quiz</source>
        <translation>새 퀴즈</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="190"/>
        <source>none yet</source>
        <translation>아직 없음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="217"/>
        <source>Week %1</source>
        <translation>%1주차</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="254"/>
        <source>Question %1 of %2 · lecture %3</source>
        <translation>문제 %1/%2 · %3강</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="266"/>
        <source>Choose with 1-4.</source>
        <translation>1-4 키로 고르세요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="293"/>
        <source>Right!</source>
        <translation>정답이에요!</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="295"/>
        <source>Not quite: the right answer is %1.</source>
        <translation>아쉬워요. 정답은 %1번이에요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="298"/>
        <source>The card goes back to relearning.</source>
        <translation>이 카드는 다시 학습으로 돌아가요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="316"/>
        <source>Score: %1 of %2 (%3%)</source>
        <translation>점수: %2문제 중 %1문제 (%3%)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="322"/>
        <source>Your answer</source>
        <translation>내 답</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="322"/>
        <source>Right answer</source>
        <translation>정답</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/quiz.py" line="333"/>
        <source>No mistakes. Excellent!</source>
        <translation>하나도 안 틀렸어요. 훌륭해요!</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="65"/>
        <source>Show answer</source>
        <translation>답 보기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="83"/>
        <source>Back to home</source>
        <translation>홈으로 돌아가기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="163"/>
        <source>Q&amp;A</source>
        <translation>Q&amp;A</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="163"/>
        <source>learned</source>
        <translation>배운 내용</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="17"/>
        <source>learning</source>
        <translation>학습 중</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="18"/>
        <source>review</source>
        <translation>복습</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="19"/>
        <source>relearning</source>
        <translation>재학습</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="15"/>
        <source>new</source>
        <translation>새 카드</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="26"/>
        <source>Again</source>
        <translation>다시</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="27"/>
        <source>Hard</source>
        <translation>어려움</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="28"/>
        <source>Good</source>
        <translation>알맞음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="29"/>
        <source>Easy</source>
        <translation>쉬움</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="204"/>
        <source>This card has lapsed 8 times: it is a leech, tagged and suspended. Rewrite it in your notes, or unsuspend it in Browse.</source>
        <translation>이 카드를 8번 잊었어요. 거머리 카드라서 태그를 달고 일시 중지했어요. 노트에서 다시 작성하거나, 탐색에서 일시 중지를 해제해 주세요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="222"/>
        <source>Congratulations! You have finished for now.</source>
        <translation>축하해요! 지금 할 학습을 모두 마쳤어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="225"/>
        <source>%1 cards in %2 minutes; again-rate %3%</source>
        <translation>%2분 동안 카드 %1장, 다시 비율 %3%</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="232"/>
        <source>A learning card is due again at %1.</source>
        <translation>학습 중인 카드가 %1에 다시 복습 예정이에요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="274"/>
        <source>Buried until tomorrow.</source>
        <translation>오늘은 숨겼어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/review.py" line="279"/>
        <source>Suspended: find it in Browse (is:suspended) to bring it back.</source>
        <translation>일시 중지했어요. 되살리려면 탐색에서 찾아 주세요 (is:suspended).</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="36"/>
        <source>Desired retention</source>
        <translation>목표 기억 유지율</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="37"/>
        <source>Learning steps</source>
        <translation>학습 단계</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="38"/>
        <source>Relearning steps</source>
        <translation>재학습 단계</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="39"/>
        <source>New cards/day</source>
        <translation>하루 새 카드 수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="40"/>
        <source>Maximum reviews/day</source>
        <translation>하루 최대 복습 수</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="41"/>
        <source>Maximum interval (days)</source>
        <translation>최대 간격 (일)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="42"/>
        <source>Next day starts at (hour)</source>
        <translation>다음 날 시작 시각 (시)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/labels.py" line="43"/>
        <source>Backups to keep</source>
        <translation>보관할 백업 수</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="92"/>
        <source>Scheduling</source>
        <translation>일정</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="97"/>
        <source>Deck</source>
        <translation>덱</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="108"/>
        <source>Save settings</source>
        <translation>설정 저장</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="112"/>
        <source>FSRS parameters and workload…</source>
        <translation>FSRS 파라미터와 학습량…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="116"/>
        <source>Fit FSRS to your own reviews, and see what each desired retention costs in reviews a day</source>
        <translation>내 복습 기록에 맞춰 FSRS를 최적화하고, 목표 기억 유지율별로 하루 복습량이 얼마나 되는지 확인해요</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="132"/>
        <source>Appearance</source>
        <translation>모양</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="141"/>
        <location filename="../../studyapp/gui/views/settings.py" line="151"/>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="142"/>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="143"/>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="155"/>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="158"/>
        <source>Font size</source>
        <translation>글꼴 크기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="159"/>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="160"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="165"/>
        <source>Your data</source>
        <translation>내 데이터</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="170"/>
        <source>Open folder</source>
        <translation>폴더 열기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="179"/>
        <source>Backups (newest first)</source>
        <translation>백업 (최신순)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="182"/>
        <source>Back up now</source>
        <translation>지금 백업</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="185"/>
        <source>Restore selected…</source>
        <translation>선택한 백업 복원…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../studyapp/gui/views/settings.py" line="241"/>
        <source>Saved: %n change(s).</source>
        <translation>
            <numerusform>저장했어요: 변경 사항 %n개.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="256"/>
        <source>Backed up to %1</source>
        <translation>%1에 백업했어요</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="266"/>
        <source>Restore a backup</source>
        <translation>백업 복원</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="268"/>
        <source>Replace your collection with the backup %1? Your current collection is backed up first, so this can be undone.</source>
        <translation>컬렉션을 백업 %1의 내용으로 바꿀까요? 현재 컬렉션을 먼저 백업하니 되돌릴 수 있어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/views/settings.py" line="287"/>
        <source>Restored %1.</source>
        <translation>%1 백업을 복원했어요.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="20"/>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="24"/>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="24"/>
        <source>What they do</source>
        <translation>기능</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="40"/>
        <source>Home, Review, Quiz, Browse, Exercises, Progress, Settings</source>
        <translation>홈, 복습, 퀴즈, 탐색, 실습, 진도, 설정</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="42"/>
        <source>Review: show the answer; on the answer: Good</source>
        <translation>복습: 답 보기, 답이 보일 때는 알맞음</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="43"/>
        <source>Review: Again, Hard, Good, Easy; Quiz: choose an option</source>
        <translation>복습: 다시, 어려움, 알맞음, 쉬움 / 퀴즈: 보기 선택</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="44"/>
        <source>Review: undo the last answer</source>
        <translation>복습: 마지막 응답 취소</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="45"/>
        <source>Review: edit the card</source>
        <translation>복습: 카드 편집</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="46"/>
        <source>Review: bury the card until tomorrow</source>
        <translation>복습: 카드를 오늘은 숨기기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="47"/>
        <source>Review: suspend the card</source>
        <translation>복습: 카드 일시 중지</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="48"/>
        <source>Review: no flag, red, orange, green, blue</source>
        <translation>복습: 깃발 없음, 빨강, 주황, 초록, 파랑</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="49"/>
        <source>Review: card info</source>
        <translation>복습: 카드 정보</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="50"/>
        <source>Review: end the session (summary)</source>
        <translation>복습: 세션 종료 (요약)</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="51"/>
        <source>Browse: search; Exercises: find in the code</source>
        <translation>탐색: 검색 / 실습: 코드에서 찾기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="52"/>
        <source>Exercises: run the checks</source>
        <translation>실습: 채점 실행</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="53"/>
        <source>Exercises: save your file</source>
        <translation>실습: 파일 저장</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="54"/>
        <source>File: import notes</source>
        <translation>파일: 노트 가져오기</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/dialogs/shortcuts.py" line="55"/>
        <source>This list</source>
        <translation>이 목록</translation>
    </message>
</context>
<context>
    <name>SubmissionDiffDialog</name>
    <message>
        <location filename="../../studyapp/gui/dialogs/submission_diff.py" line="59"/>
        <source>The two submissions hold the same code.</source>
        <translation>두 제출물의 코드가 같아요.</translation>
    </message>
</context>
<context>
    <name>SubmissionHistory</name>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="40"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="40"/>
        <source>Submitted</source>
        <translation>제출 시각</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="40"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="40"/>
        <source>Time</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="54"/>
        <source>Compare…</source>
        <translation>비교…</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="57"/>
        <source>The changes between the two selected submissions, or from the one before</source>
        <translation>선택한 두 제출물 사이의 변경 사항, 또는 바로 이전 제출물과 비교한 변경 사항</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="79"/>
        <source>passed</source>
        <translation>통과</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="80"/>
        <source>%1 s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="85"/>
        <source>No submission yet.</source>
        <translation>아직 제출한 적이 없어요.</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="90"/>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="91"/>
        <source>did not load</source>
        <translation>불러오기 실패</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="92"/>
        <source>ran past the time limit</source>
        <translation>제한 시간 초과</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="93"/>
        <source>ran out of memory</source>
        <translation>메모리 부족</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="94"/>
        <source>crashed</source>
        <translation>비정상 종료</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="95"/>
        <source>exited</source>
        <translation>프로세스 종료</translation>
    </message>
    <message>
        <location filename="../../studyapp/gui/widgets/submission_history.py" line="126"/>
        <source>Submission #%1 → #%2</source>
        <translation>제출 #%1 → #%2</translation>
    </message>
</context>
</TS>
